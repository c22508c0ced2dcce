package main

import "fmt"

func main() {
	fmt.Println("crasher: starting")
	var settings map[string]int
	settings["cell"] = 1 // assignment to a nil map: a runtime panic
}
