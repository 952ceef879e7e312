package importer

import (
	"slices"
)

// idSet holds the ids of an archive's posts (8 bytes each: the one thing
// the importer keeps per post) and which of them this run has written.
type idSet struct {
	ids     []int64 // sorted after seal
	written []uint64
}

func (s *idSet) add(id int64) { s.ids = append(s.ids, id) }

// seal sorts and de-duplicates the ids; call it once, after the last add.
func (s *idSet) seal() {
	slices.Sort(s.ids)
	s.ids = slices.Compact(s.ids)
	s.written = make([]uint64, (len(s.ids)+63)/64)
}

func (s *idSet) index(id int64) (int, bool) {
	return slices.BinarySearch(s.ids, id)
}

func (s *idSet) has(id int64) bool {
	_, ok := s.index(id)
	return ok
}

func (s *idSet) markWritten(id int64) {
	if i, ok := s.index(id); ok {
		s.written[i/64] |= 1 << (i % 64)
	}
}

func (s *idSet) isWritten(id int64) bool {
	i, ok := s.index(id)
	return ok && s.written[i/64]&(1<<(i%64)) != 0
}
