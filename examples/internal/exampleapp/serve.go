package exampleapp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Run prints the banner, runs serve (which blocks while the app serves)
// and, on SIGINT or SIGTERM, calls shutdown with five seconds to finish.
// It returns serve's error, if it failed for another reason than the
// shutdown.
func (app *App) Run(serve func() error, shutdown func(context.Context) error) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopped := make(chan struct{})
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		shutdown(shut)
		close(stopped)
	}()
	fmt.Print(app.Banner())
	err := serve()
	if ctx.Err() != nil { // shutting down: whatever serve said is the shutdown
		<-stopped
		return nil
	}
	return err
}

// ListenAndServe serves h on app.Addr with net/http until SIGINT or
// SIGTERM.
func (app *App) ListenAndServe(h http.Handler) error {
	srv := &http.Server{Addr: app.Addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return app.Run(func() error {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}, srv.Shutdown)
}
