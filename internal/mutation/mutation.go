// Package mutation tests a test suite the way mutation testing tests
// tests: each deliberately broken variant (a mutant) of the thing the
// suite checks runs the suite in a child test process, which must fail,
// in the subtests that guard against that breakage. A subtest that no
// mutant can fail would be suspect.
package mutation

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Mutant is a broken variant, by name, and the subtests (as the child's
// test output names them, e.g. "TestMutant/Store/expired") it must fail.
type Mutant struct {
	Name     string
	MustFail []string
}

// Catch runs, for each mutant, the test function named test in a child
// process of this test binary, with the environment variable env set to
// the mutant's name, and fails t unless the child fails, without a
// panic, in each of the mutant's MustFail subtests. It skips in a child
// process (env set) and with -short.
func Catch(t *testing.T, env, test string, mutants []Mutant) {
	t.Helper()
	if os.Getenv(env) != "" {
		t.Skip("a mutant's process")
	}
	if testing.Short() {
		t.Skip("starts a test process per mutant")
	}
	for _, m := range mutants {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.v")
			cmd.Env = append(os.Environ(), env+"="+m.Name)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a broken variant (%s); output:\n%s", m.Name, tail(out))
			}
			if strings.Contains(string(out), "panic:") {
				t.Fatalf("the suite panicked on %s:\n%s", m.Name, tail(out))
			}
			for _, sub := range m.MustFail {
				if !strings.Contains(string(out), "--- FAIL: "+sub+" ") {
					t.Errorf("%s should fail %s; output:\n%s", m.Name, sub, tail(out))
				}
			}
		})
	}
}

// tail is the end of a child's output, for a failure's message.
func tail(out []byte) string {
	const n = 6000
	if len(out) > n {
		return "..." + string(out[len(out)-n:])
	}
	return string(out)
}
