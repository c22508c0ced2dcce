package core

// Dense kernels on row-major slices. They are the only place the hot loops
// live; dot and axpy are the native SIMD ones from gonum on amd64 and plain
// unrolled Go elsewhere (see kernels_*.go).

// blockFloats is how many float64 a kernel keeps hot at once (32 KiB, an
// L1 data cache). The kernels walk their operands in blocks of about this
// size so that large batches do not stream whole matrices through the cache
// once per row.
const blockFloats = 4096

func blockRows(rowLen int) int { return max(1, blockFloats/max(1, rowLen)) }

// mulABt computes C[m×n] += A[m×k]·B[n×k]ᵀ (each c[i][j] += a_i · b_j).
// A block of A's rows stays hot while B's rows pass by, four at a time.
func mulABt(c, a, b []float64, m, n, k int) {
	mb := blockRows(k)
	for i0 := 0; i0 < m; i0 += mb {
		i1 := min(m, i0+mb)
		j := 0
		for ; j+4 <= n; j += 4 {
			b0, b1 := b[j*k:j*k+k], b[(j+1)*k:(j+1)*k+k]
			b2, b3 := b[(j+2)*k:(j+2)*k+k], b[(j+3)*k:(j+3)*k+k]
			for i := i0; i < i1; i++ {
				s0, s1, s2, s3 := dot4(a[i*k:i*k+k], b0, b1, b2, b3)
				ci := c[i*n+j : i*n+j+4]
				ci[0] += s0
				ci[1] += s1
				ci[2] += s2
				ci[3] += s3
			}
		}
		for ; j < n; j++ {
			bj := b[j*k : j*k+k]
			for i := i0; i < i1; i++ {
				c[i*n+j] += dot(a[i*k:i*k+k], bj)
			}
		}
	}
}

// mulAB computes C[m×n] += A[m×k]·B[k×n]. A block of C's rows stays hot
// while B's rows pass by, four at a time.
func mulAB(c, a, b []float64, m, n, k int) {
	mb := blockRows(n)
	for i0 := 0; i0 < m; i0 += mb {
		i1 := min(m, i0+mb)
		l := 0
		for ; l+4 <= k; l += 4 {
			b0, b1 := b[l*n:l*n+n], b[(l+1)*n:(l+1)*n+n]
			b2, b3 := b[(l+2)*n:(l+2)*n+n], b[(l+3)*n:(l+3)*n+n]
			for i := i0; i < i1; i++ {
				ai := a[i*k+l : i*k+l+4]
				axpy4(ai[0], ai[1], ai[2], ai[3], b0, b1, b2, b3, c[i*n:i*n+n])
			}
		}
		for ; l < k; l++ {
			bl := b[l*n : l*n+n]
			for i := i0; i < i1; i++ {
				if v := a[i*k+l]; v != 0 {
					axpy(v, bl, c[i*n:i*n+n])
				}
			}
		}
	}
}

// mulAtB computes C[m×n] += A[k×m]ᵀ·B[k×n], a sum of k outer products.
// A block of B's rows stays hot while each row of C takes its share.
func mulAtB(c, a, b []float64, m, n, k int) {
	lb := blockRows(n)
	for l0 := 0; l0 < k; l0 += lb {
		l1 := min(k, l0+lb)
		for i := 0; i < m; i++ {
			ci := c[i*n : i*n+n]
			l := l0
			for ; l+4 <= l1; l += 4 {
				axpy4(a[l*m+i], a[(l+1)*m+i], a[(l+2)*m+i], a[(l+3)*m+i],
					b[l*n:l*n+n], b[(l+1)*n:(l+1)*n+n], b[(l+2)*n:(l+2)*n+n], b[(l+3)*n:(l+3)*n+n], ci)
			}
			for ; l < l1; l++ {
				if v := a[l*m+i]; v != 0 {
					axpy(v, b[l*n:l*n+n], ci)
				}
			}
		}
	}
}

// addRows adds the row vector v to each of the m rows of c[m×len(v)].
func addRows(c, v []float64, m int) {
	n := len(v)
	for i := 0; i < m; i++ {
		axpy(1, v, c[i*n:i*n+n])
	}
}

// sumRows adds the m rows of a[m×len(dst)] into dst.
func sumRows(dst, a []float64, m int) {
	n := len(dst)
	for i := 0; i < m; i++ {
		axpy(1, a[i*n:i*n+n], dst)
	}
}

// grow returns s resized to n, reusing its storage when it is big enough.
func grow(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n, n+n/4)
}
