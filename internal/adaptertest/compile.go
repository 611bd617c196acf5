// Package adaptertest holds the checks every adapter's own tests make
// beyond the conformance suite: what must not compile (an adapter's
// OnDenied given to another adapter's RequireWorkOS), and what must panic
// at route set-up (an AuthKit-only guard option on an SSO Auth).
package adaptertest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Compiles fails t unless the package in dir (./testdata/...) builds. The
// programs live in the test's testdata, inside the module, so that their
// imports resolve to it.
func Compiles(t *testing.T, dir string) {
	t.Helper()
	if out, err := build(t, dir); err != nil {
		t.Fatalf("go build %s: %v\n%s", dir, err, out)
	}
}

// Fails fails t unless building the package in dir fails with every one
// of the messages want (substrings of the compiler's errors).
func Fails(t *testing.T, dir string, want ...string) {
	t.Helper()
	out, err := build(t, dir)
	if err == nil {
		t.Fatalf("go build %s compiled; it must not", dir)
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("go build %s: no error %q in:\n%s", dir, w, out)
		}
	}
}

func build(t *testing.T, dir string) (string, error) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	cmd := exec.Command("go", "build", "-o", os.DevNull, dir)
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("running go build: %v", err)
	}
	return string(out), err
}
