package core

// Dense kernels on row-major slices. They are the only place the hot loops
// live; dot and axpy are the native SIMD ones from gonum on amd64 and plain
// unrolled Go elsewhere (see kernels_*.go).

// mulABt computes C[m×n] = A[m×k]·B[n×k]ᵀ + C (each c[i][j] += a_i · b_j).
// Row j of B is reused for all m rows of A while it is hot in cache.
func mulABt(c, a, b []float64, m, n, k int) {
	for j := 0; j < n; j++ {
		bj := b[j*k : j*k+k]
		for i := 0; i < m; i++ {
			c[i*n+j] += dot(a[i*k:i*k+k], bj)
		}
	}
}

// mulAB computes C[m×n] += A[m×k]·B[k×n].
func mulAB(c, a, b []float64, m, n, k int) {
	for i := 0; i < m; i++ {
		ci := c[i*n : i*n+n]
		for l, v := range a[i*k : i*k+k] {
			if v != 0 {
				axpy(v, b[l*n:l*n+n], ci)
			}
		}
	}
}

// mulAtB computes C[m×n] += A[k×m]ᵀ·B[k×n] (a sum of k outer products).
func mulAtB(c, a, b []float64, m, n, k int) {
	for l := 0; l < k; l++ {
		bl := b[l*n : l*n+n]
		for i, v := range a[l*m : l*m+m] {
			if v != 0 {
				axpy(v, bl, c[i*n:i*n+n])
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
