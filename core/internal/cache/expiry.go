package cache

import (
	"math"
	"time"
)

// maxUnixSec is the largest whole second whose nanosecond count fits in an
// int64 (in the year 2262).
const maxUnixSec = math.MaxInt64 / int64(time.Second)

// unixNano returns t as Unix nanoseconds, saturating at the int64 limits
// instead of overflowing (time.Time.UnixNano is undefined outside about
// 1678..2262). In particular the zero time.Time maps to math.MinInt64, so an
// entry set with a zero expiry is always expired. All instants after 2262
// compare equal, so an entry expiring then is expired when read then.
func unixNano(t time.Time) int64 {
	switch sec := t.Unix(); {
	case sec >= maxUnixSec:
		return math.MaxInt64
	case sec <= -maxUnixSec:
		return math.MinInt64
	}
	return t.UnixNano()
}
