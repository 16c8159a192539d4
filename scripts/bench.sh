#!/usr/bin/env bash
# The standard benchmark (pulse-loadgen bench) against a throwaway stack (see bench-stack.sh); it
# prints its Markdown and keeps it in docs/benchmarks.md.
exec "$(dirname "$0")/bench-stack.sh" bench "$@"
