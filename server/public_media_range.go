package server

import (
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// byteRange is one satisfiable range of a file, inclusive.
type byteRange struct{ first, last int64 }

// parseRange reads a Range header for a file of size bytes. It accepts one
// range only ("bytes=a-b", "bytes=a-", "bytes=-n"): a list of ranges (a
// range bomb, overlapping ranges) or anything it cannot read is
// unsatisfiable (416), never a multi-part answer or the whole file.
func parseRange(h string, size int64) (byteRange, bool) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !ok || strings.Contains(spec, ",") || size <= 0 || len(spec) > 42 {
		return byteRange{}, false
	}
	a, b, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok {
		return byteRange{}, false
	}
	if a == "" { // the last n bytes
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return byteRange{}, false
		}
		return byteRange{max(size-n, 0), size - 1}, true
	}
	first, err := strconv.ParseInt(a, 10, 64)
	if err != nil || first < 0 || first >= size {
		return byteRange{}, false
	}
	last := size - 1
	if b != "" {
		if last, err = strconv.ParseInt(b, 10, 64); err != nil || last < first {
			return byteRange{}, false
		}
		last = min(last, size-1)
	}
	return byteRange{first, last}, true
}

// sendRange answers a Range request for the open file f of size bytes:
// 206 with the one range, or 416 naming the size. fasthttp closes f when
// the body is sent (or at once, for the 416).
func sendRange(c *fiber.Ctx, f *os.File, size int64) error {
	r, ok := parseRange(c.Get(fiber.HeaderRange), size)
	if !ok {
		f.Close()
		c.Set(fiber.HeaderContentRange, "bytes */"+strconv.FormatInt(size, 10))
		return errorf(fiber.StatusRequestedRangeNotSatisfiable, "", "the Range header asks for no single range inside the file's %d bytes", size)
	}
	n := r.last - r.first + 1
	c.Set(fiber.HeaderContentRange, "bytes "+strconv.FormatInt(r.first, 10)+"-"+strconv.FormatInt(r.last, 10)+"/"+strconv.FormatInt(size, 10))
	c.Status(fiber.StatusPartialContent)
	return c.SendStream(struct {
		io.Reader
		io.Closer
	}{io.NewSectionReader(f, r.first, n), f}, int(n))
}
