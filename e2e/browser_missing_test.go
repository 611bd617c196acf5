package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Without Chromium the suite skips, naming the Debian package, except when
// CI is set, where it fails. The test runs this test binary again with
// no browser to be found.
func TestMissingBrowserSkipsLocallyAndFailsInCI(t *testing.T) {
	if os.Getenv("E2E_CHILD") != "" {
		t.Skip("in the child")
	}
	for _, ci := range []string{"", "true"} {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestProviderButton$", "-test.v")
		var env []string
		for _, kv := range os.Environ() {
			k, _, _ := strings.Cut(kv, "=")
			if k != "PATH" && k != "CHROMIUM" && k != "CI" {
				env = append(env, kv)
			}
		}
		env = append(env, "PATH="+t.TempDir(), "E2E_CHILD=1")
		if ci != "" {
			env = append(env, "CI="+ci)
		}
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		switch {
		case ci == "" && (err != nil || !strings.Contains(string(out), "--- SKIP") || !strings.Contains(string(out), "Debian package chromium")):
			t.Errorf("without CI: %v\n%s", err, out)
		case ci != "" && (err == nil || !strings.Contains(string(out), "--- FAIL") || !strings.Contains(string(out), "CI is set")):
			t.Errorf("with CI: %v\n%s", err, out)
		}
	}
}
