// Package scrape reads a Prometheus endpoint, as Prometheus would, into
// samples a test or a dashboard can ask for by name and labels.
package scrape

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// maxBytes bounds what a scrape reads.
const maxBytes = 16 << 20

// Sample is one series' value at the scrape: a counter's or a gauge's
// value, or one of a histogram's series (name_bucket with "le",
// name_sum, name_count).
type Sample struct {
	Name   string
	Labels map[string]string
	Value  float64
}

// Metrics is one scrape.
type Metrics struct {
	// Families are the metric families by name, as parsed.
	Families map[string]*dto.MetricFamily
	samples  []Sample
}

// Get scrapes url (the text exposition format).
func Get(ctx context.Context, client *http.Client, url string) (*Metrics, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/plain;version=0.0.4")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("scrape %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("scrape %s: status %d", url, resp.StatusCode)
	}
	return Parse(io.LimitReader(resp.Body, maxBytes))
}

// Parse reads the text exposition format.
func Parse(r io.Reader) (*Metrics, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		return nil, fmt.Errorf("scrape: %w", err)
	}
	m := &Metrics{Families: fams}
	for name, f := range fams {
		for _, mt := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range mt.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			m.add(name, f.GetType(), mt, labels)
		}
	}
	slices.SortFunc(m.samples, func(a, b Sample) int { return strings.Compare(a.key(), b.key()) })
	return m, nil
}

// add flattens one metric into its samples.
func (m *Metrics) add(name string, typ dto.MetricType, mt *dto.Metric, labels map[string]string) {
	switch typ {
	case dto.MetricType_COUNTER:
		m.samples = append(m.samples, Sample{name, labels, mt.GetCounter().GetValue()})
	case dto.MetricType_GAUGE:
		m.samples = append(m.samples, Sample{name, labels, mt.GetGauge().GetValue()})
	case dto.MetricType_UNTYPED:
		m.samples = append(m.samples, Sample{name, labels, mt.GetUntyped().GetValue()})
	case dto.MetricType_HISTOGRAM:
		h := mt.GetHistogram()
		m.samples = append(m.samples, Sample{name + "_count", labels, float64(h.GetSampleCount())}, Sample{name + "_sum", labels, h.GetSampleSum()})
		inf := false
		for _, b := range h.GetBucket() {
			inf = inf || math.IsInf(b.GetUpperBound(), +1)
			m.samples = append(m.samples, Sample{name + "_bucket", with(labels, "le", formatLe(b.GetUpperBound())), float64(b.GetCumulativeCount())})
		}
		if !inf {
			m.samples = append(m.samples, Sample{name + "_bucket", with(labels, "le", "+Inf"), float64(h.GetSampleCount())})
		}
	case dto.MetricType_SUMMARY:
		s := mt.GetSummary()
		m.samples = append(m.samples, Sample{name + "_count", labels, float64(s.GetSampleCount())}, Sample{name + "_sum", labels, s.GetSampleSum()})
	}
}

func with(labels map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(labels)+1)
	for lk, lv := range labels {
		out[lk] = lv
	}
	out[k] = v
	return out
}

func formatLe(f float64) string {
	if math.IsInf(f, +1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// key orders samples: by name, then labels.
func (s Sample) key() string { return s.Name + "{" + LabelString(s.Labels) + "}" }

// LabelString is labels as k="v",... sorted by name.
func LabelString(labels map[string]string) string {
	var kvs []string
	for k, v := range labels {
		kvs = append(kvs, k+"="+strconv.Quote(v))
	}
	slices.Sort(kvs)
	return strings.Join(kvs, ",")
}

// Samples are the samples named name (a histogram's as name_count,
// name_sum and name_bucket) whose labels include match, sorted.
func (m *Metrics) Samples(name string, match map[string]string) []Sample {
	var out []Sample
	for _, s := range m.samples {
		if s.Name == name && includes(s.Labels, match) {
			out = append(out, s)
		}
	}
	return out
}

// Sum adds the values of Samples(name, match), and reports whether there
// was any.
func (m *Metrics) Sum(name string, match map[string]string) (float64, bool) {
	ss := m.Samples(name, match)
	total := 0.0
	for _, s := range ss {
		total += s.Value
	}
	return total, len(ss) > 0
}

// Names are the sample names of the scrape, sorted, once each.
func (m *Metrics) Names() []string {
	var out []string
	for _, s := range m.samples {
		if len(out) == 0 || out[len(out)-1] != s.Name {
			out = append(out, s.Name)
		}
	}
	return out
}

func includes(labels, match map[string]string) bool {
	for k, v := range match {
		if labels[k] != v {
			return false
		}
	}
	return true
}
