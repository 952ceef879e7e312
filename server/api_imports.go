package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/importer"
	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// maxImportJobs is how many finished imports GET /api/v1/imports/{id}
// still knows about; older ones are forgotten.
const maxImportJobs = 20

// maxQueuedImports is how many uploads may wait behind the running import;
// each waits on disk, and a further upload is answered 429.
const maxQueuedImports = 4

// Import job states, as GET /api/v1/imports/{id} reports them.
const (
	importQueued  = "queued"
	importRunning = "running"
	importDone    = "done"
	importFailed  = "failed"
)

// importJobs runs archive imports uploaded to POST /api/v1/imports in the
// background, one at a time per instance (an import's memory is bounded by
// the importer's limits; two at once would double it, and they would
// compete for the store's one writer anyway): the others wait in a short
// queue, in upload order, and keep their status for the status route.
// Jobs run under a context of the server's lifetime, not the request's:
// Shutdown cancels them (an import stops between two batches and may be
// run again; a queued one fails without starting) and waits until they
// have let go of the store.
type importJobs struct {
	s      *Server
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	jobs    map[string]*importJob
	order   []string        // ids, oldest first
	pending []*queuedImport // waiting, first to run first
	working bool            // the worker goroutine is running
	// hold, when set (by tests), is received from before each import
	// starts, so a test can see jobs queued behind a running one.
	hold chan struct{}
}

// queuedImport is an uploaded archive waiting for its turn.
type queuedImport struct {
	job         *importJob
	imp         importFunc
	tmp, handle string
}

// importFunc is the signature both importers share.
type importFunc func(context.Context, storage.Store, *media.Library, string, importer.Options) (importer.Stats, error)

// importJob is one import and what is known about it so far.
type importJob struct {
	id, kind, file string
	queued         time.Time

	mu    sync.Mutex
	state importState
}

// importState is the changing part of a job.
type importState struct {
	status   string
	stats    importer.Stats
	err      string
	started  time.Time
	finished time.Time
}

// newImportJobs builds the server's import runner and ties its jobs to
// the server's lifetime.
func (s *Server) newImportJobs() *importJobs {
	ctx, cancel := context.WithCancel(context.Background())
	j := &importJobs{s: s, ctx: ctx, cancel: cancel, jobs: map[string]*importJob{}}
	s.app.Hooks().OnShutdown(func() error {
		j.cancel()
		j.wg.Wait()
		return nil
	})
	return j
}

// start serves POST /api/v1/imports: a multipart form with the archive in
// "file", "kind" x or mastodon, and an optional "handle". It answers 202
// with the job's id and status URL as soon as the upload is on disk; the
// job is "running" when no other import is, else "queued".
func (j *importJobs) start(c *fiber.Ctx) error {
	kind, handle := strings.Clone(c.FormValue("kind")), strings.Clone(c.FormValue("handle"))
	imp, err := importerOfKind(kind)
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return storage.Invalid("file", "is required: send the archive as the multipart field \"file\"")
	}
	tmp, err := j.s.saveUpload(fh)
	if err != nil {
		return err
	}
	job := j.enqueue(kind, filepath.Base(fh.Filename), imp, tmp, handle)
	if job == nil {
		os.Remove(tmp)
		c.Set(fiber.HeaderRetryAfter, "60")
		return errorf(429, "", "%d imports are already waiting behind the running one; try again when one is done", maxQueuedImports)
	}
	c.Location(j.s.cfg.PublicURL + job.url())
	return sendJSON(c, fiber.StatusAccepted, dataBody{j.view(job)})
}

// status serves GET /api/v1/imports/{id}.
func (j *importJobs) status(c *fiber.Ctx) error {
	j.mu.Lock()
	job := j.jobs[c.Params("id")]
	j.mu.Unlock()
	if job == nil {
		return errorf(404, "", "no such import (only the last %d are kept)", maxImportJobs)
	}
	return sendJSON(c, fiber.StatusOK, dataBody{j.view(job)})
}

// importerOfKind maps the form's kind to an importer.
func importerOfKind(kind string) (importFunc, error) {
	switch kind {
	case "x":
		return importer.ImportX, nil
	case "mastodon":
		return importer.ImportMastodon, nil
	}
	return nil, storage.Invalid("kind", "must be x or mastodon, got %q", kind)
}

// enqueue registers a new job and queues its archive, starting the worker
// when it is idle; nil when the queue is full. The oldest finished jobs
// beyond maxImportJobs are forgotten.
func (j *importJobs) enqueue(kind, file string, imp importFunc, tmp, handle string) *importJob {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.pending) >= maxQueuedImports {
		return nil
	}
	job := &importJob{id: newJobID(), kind: kind, file: file, queued: time.Now().UTC(), state: importState{status: importQueued}}
	j.jobs[job.id] = job
	j.order = append(j.order, job.id)
	for len(j.order) > maxImportJobs {
		delete(j.jobs, j.order[0])
		j.order = j.order[1:]
	}
	q := &queuedImport{job: job, imp: imp, tmp: tmp, handle: handle}
	if j.working {
		j.pending = append(j.pending, q)
		return job
	}
	// Nothing runs: this one starts now, and says so in the 202. It is
	// handed to the worker directly, not through pending, so an upload
	// arriving before the worker is scheduled is not counted behind it.
	job.begin()
	j.working = true
	j.wg.Add(1)
	go j.work(q)
	return job
}

// work runs first, then the queued imports one after the other until
// none is left.
func (j *importJobs) work(first *queuedImport) {
	defer j.wg.Done()
	j.run(first)
	for {
		j.mu.Lock()
		if len(j.pending) == 0 {
			j.working = false
			j.mu.Unlock()
			return
		}
		next := j.pending[0]
		j.pending = j.pending[1:]
		j.mu.Unlock()
		j.run(next)
	}
}

// run imports the uploaded file and records the outcome. Every write's
// change goes through the server's OnChange hooks, so the render cache
// drops what the import made stale at once.
func (j *importJobs) run(q *queuedImport) {
	job := q.job
	defer os.Remove(q.tmp)
	job.begin()
	if j.hold != nil {
		select {
		case <-j.hold:
		case <-j.ctx.Done():
		}
	}
	opt := importer.Options{Handle: q.handle, Progress: job.progress, OnChange: j.s.changed}
	stats, err := q.imp(j.ctx, j.s.st, j.s.lib, q.tmp, opt)
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), filepath.Base(q.tmp), job.file)
		j.s.log.Warn("import failed", "import", job.id, "kind", job.kind, "file", job.file, "err", msg)
		job.finish(stats, importFailed, msg)
		return
	}
	j.s.log.Info("import done", "import", job.id, "kind", job.kind, "posts", stats.Posts,
		"created", stats.Created, "updated", stats.Updated, "elapsed", stats.Elapsed)
	job.finish(stats, importDone, "")
}

// position is how many imports run or wait before job: 0 for a job that
// is not queued, 1 when it runs next.
func (j *importJobs) position(job *importJob) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i, q := range j.pending {
		if q.job == job {
			return i + 1
		}
	}
	return 0
}

// saveUpload copies the uploaded archive to a temporary file beside the
// media directory (same disk as the media it will feed; the system's
// temporary directory when that is not writable), named by what its bytes
// say it is, since the importer picks the reader by extension.
func (s *Server) saveUpload(fh *multipart.FileHeader) (string, error) {
	src, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer src.Close()
	var head [4]byte
	n, _ := io.ReadFull(src, head[:])
	ext, err := archiveExt(head[:n])
	if err != nil {
		return "", err
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	dst, err := os.CreateTemp(filepath.Dir(s.lib.Dir()), "roost-import-*"+ext)
	if err != nil {
		dst, err = os.CreateTemp("", "roost-import-*"+ext)
	}
	if err != nil {
		return "", err
	}
	_, err = io.Copy(dst, src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst.Name())
		return "", err
	}
	return dst.Name(), nil
}

// archiveExt names the archive format of a file by its first bytes.
func archiveExt(head []byte) (string, error) {
	switch {
	case len(head) >= 4 && string(head) == "PK\x03\x04":
		return ".zip", nil
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return ".tar.gz", nil
	}
	return "", errorf(415, "file", "the archive must be a .zip or a .tar.gz file")
}

// newJobID returns 16 random hex digits.
func newJobID() string {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

func (job *importJob) url() string { return "/api/v1/imports/" + job.id }

// progress is the importer's Progress callback: it keeps the last counts.
func (job *importJob) progress(s importer.Stats) {
	job.mu.Lock()
	defer job.mu.Unlock()
	job.state.stats = s
}

// begin marks the job running (it may already say so: enqueue reports a
// job that runs at once as running).
func (job *importJob) begin() {
	job.mu.Lock()
	defer job.mu.Unlock()
	if job.state.status != importRunning {
		job.state.status, job.state.started = importRunning, time.Now().UTC()
	}
}

func (job *importJob) finish(s importer.Stats, status, msg string) {
	job.mu.Lock()
	defer job.mu.Unlock()
	job.state.stats, job.state.status, job.state.err, job.state.finished = s, status, msg, time.Now().UTC()
}

// snapshot copies the job's state under its lock.
func (job *importJob) snapshot() importState {
	job.mu.Lock()
	defer job.mu.Unlock()
	return job.state
}

// importView is an import job as the API shows it.
type importView struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	File       string          `json:"file"`
	Status     string          `json:"status"` // queued, running, done or failed
	URL        string          `json:"url"`
	Position   int             `json:"position,omitempty"` // queued: 1 when it runs next
	QueuedAt   time.Time       `json:"queued_at"`
	StartedAt  *time.Time      `json:"started_at"`
	FinishedAt *time.Time      `json:"finished_at"`
	Stats      importStatsView `json:"stats"`
	Error      string          `json:"error,omitempty"`
}

// importStatsView is importer.Stats in the API's snake_case.
type importStatsView struct {
	Phase     string         `json:"phase"`
	Users     int            `json:"users"`
	Posts     int            `json:"posts"`
	Created   int            `json:"created"`
	Updated   int            `json:"updated"`
	Unchanged int            `json:"unchanged"`
	Replies   int            `json:"replies"`
	Media     int            `json:"media"`
	Videos    int            `json:"videos"`
	GIFs      int            `json:"gifs"`
	Polls     int            `json:"polls"`
	Skipped   map[string]int `json:"skipped"`
	Notes     map[string]int `json:"notes"`
	ElapsedMS int64          `json:"elapsed_ms"`
}

// view is the job's current state for the API.
func (j *importJobs) view(job *importJob) importView {
	st := job.snapshot()
	v := importView{ID: job.id, Kind: job.kind, File: job.file, Status: st.status, URL: job.url(),
		QueuedAt: job.queued, Stats: statsView(st.stats), Error: st.err}
	if st.status == importQueued {
		v.Position = j.position(job)
	}
	if !st.started.IsZero() {
		v.StartedAt = &st.started
	}
	if !st.finished.IsZero() {
		v.FinishedAt = &st.finished
	}
	return v
}

func statsView(s importer.Stats) importStatsView {
	v := importStatsView{Phase: s.Phase, Users: s.Users, Posts: s.Posts, Created: s.Created, Updated: s.Updated,
		Unchanged: s.Unchanged, Replies: s.Replies, Media: s.Media,
		Videos: s.Videos, GIFs: s.GIFs, Polls: s.Polls, Skipped: s.Skipped, Notes: s.Notes,
		ElapsedMS: s.Elapsed.Milliseconds()}
	if v.Skipped == nil {
		v.Skipped = map[string]int{}
	}
	if v.Notes == nil {
		v.Notes = map[string]int{}
	}
	return v
}
