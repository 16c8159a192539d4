#!/usr/bin/env bash
# Sourced by the local-*.sh scripts, after they started their server in the background as $server:
#   pulse_supervise STOP_SIGNAL DATA_DIR keep|throwaway
# When the script is signalled (the AppHost stopping), the server gets STOP_SIGNAL, is waited
# for, and throwaway data is removed.

pulse_supervise() {
  pulse_stop_signal="$1"
  pulse_data_dir="$2"
  pulse_retention="$3"
  trap pulse_stop TERM INT HUP
}

pulse_stop() {
  kill "-$pulse_stop_signal" "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  if [ "$pulse_retention" = "throwaway" ]; then
    rm -rf "$pulse_data_dir"
  fi
  exit 0
}
