// Package storetest checks that a store keeps the contract of package
// store, in the manner of testing/fstest: call [Run] from a test of your
// store, on a real database, with a function that makes a fresh store.
//
//	func TestContract(t *testing.T) {
//		db := startPostgres(t)
//		storetest.Run(t, func(t *testing.T) store.Store {
//			return pgstore.New(db, pgstore.Options{Table: "sessions_" + randomSuffix()})
//		})
//	}
//
// Run checks the required [store.Store] contract and every capability the
// store has (found by type assertion: [store.Updater], [store.Feed],
// [store.SessionRevoker], [store.EventLog], [store.Binder]), each guarantee as a subtest of its
// own, so that a failure names the guarantee broken. Some subtests wait
// for a record or a lease to expire (about a second each); the suite
// takes a few seconds.
//
// [Memory] is a store of one process, in memory, with every capability:
// the reference the suite is tested against, and a stand-in for a shared
// store in an app's own tests (several core.Auth values on one Memory
// behave as instances sharing a database).
package storetest
