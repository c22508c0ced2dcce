//go:build !js

package main

func publish(frames int, fps float64) {}
