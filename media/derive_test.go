package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"
)

// legacy plants an original the way an older Roost stored it: the file
// alone, without variants.
func legacy(t *testing.T, lib *Library, i int, img image.Image) string {
	t.Helper()
	rel := hashName(fmt.Sprintf("%04x", i), ".png")
	plant(t, lib, rel, encodeAs(t, "png", img))
	return rel
}

// holdBudget takes the whole decode budget until the returned func runs,
// so every decode queues behind it.
func holdBudget(t *testing.T, lib *Library) func() {
	t.Helper()
	release, err := lib.budget.acquire(context.Background(), lib.budget.capacity, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(release)
	return release
}

func TestSaveDecodesOnceForAllVariants(t *testing.T) {
	lib := newLib(t, 0)
	m, err := lib.Save(bytes.NewReader(encodeAs(t, "jpg", halves(2000, 1000, red, blue))))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][2]int{CardWidth: {600, 300}, AvatarLarge: {96, 96}, AvatarSmall: {48, 48}}
	for w, size := range want {
		s, err := lib.ServeVariant(m.Path, w, 0)
		if err != nil || !s.Exact {
			t.Fatalf("ServeVariant(%d) = %+v, %v; want the variant made at upload", w, s, err)
		}
		img, _ := decodeVariant(t, lib, s.Rel)
		if b := img.Bounds(); b.Dx() != size[0] || b.Dy() != size[1] {
			t.Errorf("variant %d is %v, want %v", w, b.Size(), size)
		}
	}
	if n := lib.Stats().Decodes; n != 1 {
		t.Errorf("%d decodes for one original and its three variants, want 1", n)
	}
}

// TestLegacyOriginalDerivedOnce: 30 concurrent requests for every variant
// of an original stored without them cost one decode, on the deriver.
func TestLegacyOriginalDerivedOnce(t *testing.T) {
	lib := newLib(t, 0)
	rel := legacy(t, lib, 1, halves(1200, 800, red, blue))
	var wg sync.WaitGroup
	for i := range 30 {
		w := []int{AvatarSmall, AvatarLarge, CardWidth}[i%3]
		wg.Go(func() {
			s, err := lib.ServeVariant(rel, w, 10*time.Second)
			if err != nil || !s.Exact {
				t.Errorf("ServeVariant(%d) = %+v, %v; want the derived variant", w, s, err)
			}
		})
	}
	wg.Wait()
	if n := lib.Stats().Decodes; n != 1 {
		t.Errorf("%d decodes, want 1", n)
	}
}

// TestServeVariantStandIns: while the deriver cannot run, a request gets
// the smaller avatar or nothing (a placeholder), quickly.
func TestServeVariantStandIns(t *testing.T) {
	lib := newLib(t, 0)
	release := holdBudget(t, lib)
	rel := legacy(t, lib, 2, halves(300, 200, red, blue))
	start := time.Now()
	s, err := lib.ServeVariant(rel, CardWidth, 50*time.Millisecond)
	if err != nil || s.Rel != "" || s.Exact {
		t.Fatalf("card before derivation = %+v, %v; want a placeholder", s, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("the stand-in took %v", d)
	}
	small := variantRel(rel, AvatarSmall, "jpg")
	plant(t, lib, small, encodeAs(t, "jpg", solid(48, 48, red)))
	if s, err := lib.ServeVariant(rel, AvatarLarge, 10*time.Millisecond); err != nil || s.Rel != small || s.Exact {
		t.Fatalf("96 px before derivation = %+v, %v; want the 48 px stand-in", s, err)
	}
	if n := lib.Stats().Decodes; n != 0 {
		t.Fatalf("%d decodes while the budget was held", n)
	}
	release()
	if v, err := lib.Variant(rel, AvatarLarge); err != nil || !strings.HasSuffix(v, "@96.jpg") {
		t.Fatalf("after release: %q, %v", v, err)
	}
}

// TestDeriverQueueFullIsBusy: past maxRequested originals waiting, a
// request for yet another is ErrBusy at once.
func TestDeriverQueueFullIsBusy(t *testing.T) {
	lib := newLib(t, 0)
	release := holdBudget(t, lib)
	defer waitIdle(t, lib) // before TempDir's cleanup removes what it writes
	defer release()
	tiny := encodeAs(t, "png", solid(2, 2, red))
	for i := range maxRequested + 1 { // the first is taken by the worker, then blocks
		rel := hashName(fmt.Sprintf("%04x", i), ".png")
		plant(t, lib, rel, tiny)
		if _, err := lib.ServeVariant(rel, CardWidth, 0); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		for i == 0 && lib.deriver.queued() > 0 {
			time.Sleep(time.Millisecond) // until the worker holds the first
		}
	}
	rel := hashName("ffff", ".png")
	plant(t, lib, rel, tiny)
	if _, err := lib.ServeVariant(rel, CardWidth, 0); !errors.Is(err, ErrBusy) {
		t.Fatalf("request past the queue bound: %v, want ErrBusy", err)
	}
	if st := lib.Stats(); st.RejectedBusy != 1 || st.Queued != maxRequested {
		t.Errorf("stats %+v, want 1 rejection and %d queued", st, maxRequested)
	}
}

// waitIdle waits until the deriver has nothing left to do.
func waitIdle(t *testing.T, lib *Library) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		lib.deriver.mu.Lock()
		running := lib.deriver.running
		lib.deriver.mu.Unlock()
		if !running {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the deriver is still running after 30 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBudgetQueuesAndTimesOut(t *testing.T) {
	b := newBudget(100)
	ctx := context.Background()
	first, err := b.acquire(ctx, 60, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.acquire(ctx, 60, 30*time.Millisecond); !errors.Is(err, ErrBusy) {
		t.Fatalf("second acquire over the budget: %v, want ErrBusy", err)
	}
	if b.inUse.Load() != 60 || b.rejected.Load() != 1 {
		t.Fatalf("in use %d, rejected %d; want 60 and 1", b.inUse.Load(), b.rejected.Load())
	}
	got := make(chan error, 1)
	go func() {
		rel, err := b.acquire(ctx, 60, 5*time.Second) // queues behind first
		if rel != nil {
			rel()
		}
		got <- err
	}()
	time.Sleep(20 * time.Millisecond)
	first()
	first() // a second release gives nothing back twice
	if err := <-got; err != nil {
		t.Fatalf("queued acquire: %v", err)
	}
	whole, err := b.acquire(ctx, 1<<40, 0) // larger than the budget: takes all of it, alone
	if err != nil || b.inUse.Load() != 100 {
		t.Fatalf("oversized acquire: %v, in use %d", err, b.inUse.Load())
	}
	whole()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := b.acquire(cancelled, 1, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled acquire: %v", err)
	}
	var waits uint64
	for i := range b.waits {
		waits += b.waits[i].Load()
	}
	if waits != 5 || b.inUse.Load() != 0 {
		t.Errorf("%d waits observed, %d bytes in use; want 5 and 0", waits, b.inUse.Load())
	}
}

// TestSaveBusyWritesNothing: an upload that cannot get decode memory in
// time fails with ErrBusy and leaves the directory as it was.
func TestSaveBusyWritesNothing(t *testing.T) {
	lib, err := Open(t.TempDir(), Options{SaveWait: 30 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	holdBudget(t, lib)
	if _, err := lib.Save(bytes.NewReader(encodeAs(t, "png", solid(40, 40, red)))); !errors.Is(err, ErrBusy) {
		t.Fatalf("Save with the budget held: %v, want ErrBusy", err)
	}
	if files := listFiles(t, lib.Dir()); len(files) != 0 {
		t.Errorf("a refused upload left %v", files)
	}
}

func TestBackfillDerivesMissingVariants(t *testing.T) {
	lib := newLib(t, 0)
	if _, err := lib.Save(bytes.NewReader(encodeAs(t, "png", solid(50, 50, blue)))); err != nil {
		t.Fatal(err)
	}
	var old []string
	for i := range 3 {
		old = append(old, legacy(t, lib, 10+i, halves(400+i, 300, red, blue)))
	}
	st, err := lib.Backfill(context.Background())
	if err != nil || st.Originals != 4 || st.Queued != 3 {
		t.Fatalf("Backfill = %+v, %v; want 4 originals, 3 queued", st, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, rel := range old {
		for !lib.hasAllVariants(rel) {
			if time.Now().After(deadline) {
				t.Fatalf("%s has no variants 10 s after the backfill", rel)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if n := lib.Stats().Decodes; n != 4 {
		t.Errorf("%d decodes, want 4 (one per original)", n)
	}
}

// TestBigJPEGDecodesScaled: the decode of a big JPEG is DCT-scaled to the
// least that still covers the card, and costs a fraction of a PNG's.
func TestBigJPEGDecodesScaled(t *testing.T) {
	jpg, _ := formatFor("image/jpeg")
	pngF, _ := formatFor("image/png")
	h := header{width: 4096, height: 4096, bytesPerPixel: 4}
	if s := decodeShift(jpg, h, 1); s != 2 {
		t.Errorf("shift for 4096² = %d, want 2 (1024 px ≥ 600 > 512)", s)
	}
	if s := decodeShift(jpg, header{width: 4000, height: 100}, 6); s != 0 {
		t.Errorf("shift for a quarter-turned 4000×100 = %d, want 0 (it shows 100 px wide)", s)
	}
	jc, pc := decodeCost(jpg, h, 2, 1), decodeCost(pngF, h, 0, 1)
	if jc*8 > pc {
		t.Errorf("JPEG decode costs %d bytes, PNG %d: want the JPEG under an eighth", jc, pc)
	}
	lib := newLib(t, 0)
	m, err := lib.Save(bytes.NewReader(encodeAs(t, "jpg", halves(2600, 1300, red, blue))))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := decodeVariant(t, lib, variantRel(m.Path, CardWidth, "jpg"))
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 300 || !isRed(img.At(100, 150)) || !isBlue(img.At(500, 150)) {
		t.Errorf("card of a scaled decode: %v, left %v, right %v", b, img.At(100, 150), img.At(500, 150))
	}
}

func TestResample(t *testing.T) {
	opaque := resample(solid(1000, 500, red), image.Rect(0, 0, 1000, 500), 333, 167)
	if c := opaque.NRGBAAt(200, 80); c != red {
		t.Errorf("a solid image resampled to %v, want %v", c, red)
	}
	// Half transparent black, half opaque red: the edge column of red
	// must not darken (averaging must be premultiplied).
	img := halves(100, 10, color.NRGBA{}, red)
	out := resample(img, img.Bounds(), 10, 1)
	if c := out.NRGBAAt(9, 0); c != red {
		t.Errorf("opaque side = %v, want %v", c, red)
	}
	if c := out.NRGBAAt(0, 0); c.A != 0 {
		t.Errorf("transparent side = %v, want transparent", c)
	}
	crop := resample(halves(200, 100, red, blue), image.Rect(100, 0, 200, 100), 10, 10)
	if c := crop.NRGBAAt(5, 5); c != blue {
		t.Errorf("crop of the right half = %v, want %v", c, blue)
	}
}
