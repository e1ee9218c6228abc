package bot

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"labbot/internal/filestore"
	"labbot/internal/filetype"
)

// BenchmarkStoreFile16MB times a member's 16 MB PDF shared with !resource
// through the whole core: fetched (here copied from a file on disk, as
// whatsmeow's DownloadToFile writes its download), written to a temporary
// file under data_dir/files, hashed from disk, renamed, and saved with its
// item. It reports the heap the core allocated per file and the test
// process's peak RSS (getrusage maxrss) above what it was before the first
// file: streamed to disk, neither holds the file.
func BenchmarkStoreFile16MB(b *testing.B) {
	const size = 16 << 20
	src := filepath.Join(b.TempDir(), "guide.pdf")
	if err := writeChunks(src, size); err != nil { // never 16 MB in memory here either
		b.Fatal(err)
	}
	h := newHarness(b, unlimited)
	fetch := func(_ context.Context, f filestore.Sink) error {
		in, err := os.Open(src)
		if err != nil {
			return err
		}
		defer in.Close()
		_, err = io.Copy(f, in)
		return err
	}
	runtime.GC()
	before := maxRSSKB(b)
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	for i := range b.N {
		m := h.message(b, amina, "nairobi", fmt.Sprintf("!resource A year's budget guide, version %d #funding", i))
		m.File = &InFile{Kind: filetype.Document, MIME: "application/pdf", Name: "guide.pdf", Size: size, Fetch: fetch}
		h.deliver(b, m)
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	if _, err := h.store.ItemByRef(context.Background(), "R", int64(b.N)); err != nil {
		b.Fatalf("R%d was not saved: %q", b.N, h.lastText())
	}
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(b.N)/(1<<20), "heap_MB/file")
	b.ReportMetric(float64(maxRSSKB(b)-before)/1024, "peak_rss_growth_MB")
	b.ReportMetric(float64(maxRSSKB(b))/1024, "peak_rss_MB")
}

func maxRSSKB(b *testing.B) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return ru.Maxrss
}

// writeChunks writes size bytes to path, 64 KiB at a time.
func writeChunks(path string, size int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	chunk := make([]byte, 64<<10)
	for i := range chunk {
		chunk[i] = byte(i)
	}
	for n := 0; n < size; n += len(chunk) {
		if _, err := f.Write(chunk); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
