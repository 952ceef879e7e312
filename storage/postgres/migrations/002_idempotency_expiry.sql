-- 002_idempotency_expiry: Idempotency-Key records expire after
-- storage.IdempotencyTTL; the sweep finds old ones by creation time.
CREATE INDEX idempotency_created ON idempotency (created_at);
