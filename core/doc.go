// Package core is rnnlab's numerical heart.
package core
