#!/usr/bin/env bash
# The pipeline benchmark (pulse-loadgen bench-pipeline) against a throwaway stack: see bench-stack.sh.
exec "$(dirname "$0")/bench-stack.sh" bench-pipeline "$@"
