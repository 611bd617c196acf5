package otelcheck

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// point is a data point as the tests compare it: its attributes as
// "k=v,k=v" (sorted) and its value (a count, for a histogram).
type point struct {
	attrs string
	value float64
}

func attrString(set attribute.Set) string {
	var kvs []string
	for _, kv := range set.ToSlice() {
		kvs = append(kvs, string(kv.Key)+"="+kv.Value.String())
	}
	slices.Sort(kvs)
	return strings.Join(kvs, ",")
}

// points are m's data points, with its kind ("sum", "histogram",
// "gauge") and whether a sum is monotonic.
func points(t testing.TB, m metricdata.Metrics) (kind string, ps []point) {
	t.Helper()
	switch d := m.Data.(type) {
	case metricdata.Sum[int64]:
		if !d.IsMonotonic {
			t.Errorf("%s: a sum that is not monotonic", m.Name)
		}
		for _, p := range d.DataPoints {
			ps = append(ps, point{attrString(p.Attributes), float64(p.Value)})
		}
		kind = "counter"
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			ps = append(ps, point{attrString(p.Attributes), float64(p.Count)})
		}
		kind = "histogram"
	case metricdata.Gauge[int64]:
		for _, p := range d.DataPoints {
			ps = append(ps, point{attrString(p.Attributes), float64(p.Value)})
		}
		kind = "gauge"
	default:
		t.Fatalf("%s: unexpected data %T", m.Name, m.Data)
	}
	slices.SortFunc(ps, func(a, b point) int { return strings.Compare(a.attrs, b.attrs) })
	return kind, ps
}

func (p point) String() string { return fmt.Sprintf("{%s}=%v", p.attrs, p.value) }

// mapString is m as "k=v,k=v", sorted by key.
func mapString(m map[string]string) string {
	var kvs []string
	for k, v := range m {
		kvs = append(kvs, k+"="+v)
	}
	slices.Sort(kvs)
	return strings.Join(kvs, ",")
}
