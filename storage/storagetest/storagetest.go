// Package storagetest is the conformance suite every storage.Store backend
// must pass. It speaks only through the storage.Store interface, so the
// SQLite and Postgres backends run exactly the same tests:
//
//	func TestConformance(t *testing.T) {
//		storagetest.Run(t, func(t *testing.T) storage.Store { return openFresh(t) })
//	}
package storagetest

import (
	"testing"

	"github.com/roost-embed/roost/storage"
)

// Run runs every conformance test as a subtest, each on a fresh, empty
// store from open. Run closes each store when its subtest ends.
func Run(t *testing.T, open func(t *testing.T) storage.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s storage.Store)
	}{
		{"UserCreateAndLookup", testUserCreateAndLookup},
		{"UserHandleConflict", testUserHandleConflict},
		{"UserIDConflict", testUserIDConflict},
		{"UserInvalid", testUserInvalid},
		{"UserUpdate", testUserUpdate},
		{"UserNotFound", testUserNotFound},
		{"DeleteUserErasesEverything", testDeleteUserErasesEverything},
		{"PostRoundTrip", testPostRoundTrip},
		{"PostIDConflict", testPostIDConflict},
		{"PostInvalidReferences", testPostInvalidReferences},
		{"PostUpdate", testPostUpdate},
		{"PostDelete", testPostDelete},
		{"PostsByIDs", testPostsByIDs},
		{"BatchCreates", testBatchCreates},
		{"BatchUpdatesAndMixed", testBatchUpdatesAndMixed},
		{"BatchReferencesInside", testBatchReferencesInside},
		{"BatchAllOrNothing", testBatchAllOrNothing},
		{"BatchNamesDependants", testBatchNamesDependants},
		{"UserTimeline", testUserTimeline},
		{"TimelineLimitCap", testTimelineLimitCap},
		{"ListTimeline", testListTimeline},
		{"HashtagTimeline", testHashtagTimeline},
		{"Search", testSearch},
		{"SearchHostile", testSearchHostile},
		{"SearchFollowsWrites", testSearchFollowsWrites},
		{"Collections", testCollections},
		{"CollectionsInvalid", testCollectionsInvalid},
		{"Media", testMedia},
		{"MediaVideo", testMediaVideo},
		{"PollAndCardRoundTrip", testPollAndCardRoundTrip},
		{"PollAndCardInvalid", testPollAndCardInvalid},
		{"DeleteMediaKeepsWhatIsShown", testDeleteMediaKeepsWhatIsShown},
		{"ListMembers", testListMembers},
		{"Tokens", testTokens},
		{"Idempotency", testIdempotency},
		{"ConcurrentWriters", testConcurrentWriters},
		{"IdempotencyExpiry", testIdempotencyExpiry},
		{"ChangeLogEveryWrite", testChangeLogEveryWrite},
		{"ChangesSinceAndTrim", testChangesSinceAndTrim},
		{"AppendChange", testAppendChange},
		{"FailedWriteChangesNothing", testFailedWriteChangesNothing},
		{"ChangeSetsTidy", testChangeSetsTidy},
		{"Empty", testEmpty},
		{"ContextCancelled", testContextCancelled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}
