#!/usr/bin/env bash
# Commit subjects of at most 72 characters (the body says the rest): every commit after
# BASE (default 4edee7a, the last commit before the rule) up to HEAD, or, with a file
# argument (the commit-msg hook), the first line of that message.
# Without git, or in a shallow clone that lacks BASE, it says so and skips.
set -euo pipefail
cd "$(dirname "$0")/.."
MAX=72
export LC_ALL=C.UTF-8  # awk counts characters, not bytes (æ, ø, å are one each)
BASE="${RUNBACK_COMMITS_BASE:-4edee7a}"

too_long() {  # reads subjects on stdin, prints the long ones, fails if there were any
  awk -v max="$MAX" 'length($0) > max { printf "  %d > %d: %s\n", length($0), max, $0; bad = 1 }
                     END { exit bad }'
}

if [ "$#" -gt 0 ]; then
  # The commit-msg hook: skip comment lines and blank lines before the subject.
  if ! grep -v '^#' "$1" | sed '/./,$!d' | head -n 1 | too_long; then
    echo "!! the commit subject is longer than $MAX characters; put the rest in the body"
    exit 1
  fi
  exit 0
fi

if ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "-- commit subjects: not a git checkout, skipped"
  exit 0
fi
if ! git rev-parse --quiet --verify "$BASE^{commit}" >/dev/null; then
  echo "-- commit subjects: $BASE is not in this clone (shallow?), skipped"
  exit 0
fi
if ! git log --format=%s "$BASE..HEAD" | too_long; then
  echo "!! commit subjects after $BASE longer than $MAX characters (above); reword them"
  exit 1
fi
echo "-- commit subjects after $BASE: all at most $MAX characters"
