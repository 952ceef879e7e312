// Copyright 2009 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package jpegscale is a fork of Go's image/jpeg decoder (go1.26) that can
// decode with DCT scaling: DecodeScaled reduces each 8×8 block to 4×4, 2×2
// or 1×1 pixels as it is decoded, so a 16-megapixel photo made into a
// 600 px card never needs its full-size pixels in memory. Progressive
// images keep their coefficients between scans in 16 bits (libjpeg's
// width) rather than 32, halving what they hold.
//
// Changes from the standard library are marked "jpegscale change"; the
// rest is the upstream code, under the BSD licence in LICENSE. The
// encoder, the image.RegisterFormat hook and the internal imageutil
// dependency are left out.
package jpegscale
