#!/usr/bin/env python3
"""Generates Flipper percentage_of_actors test vectors for core/src/flags/testdata/flipper_vectors.json.

Independent of the Rust code: the expected values come from Python's zlib.crc32 and Python's
IEEE-754 doubles, following Flipper v1.4.2 (lib/flipper/gates/percentage_of_actors.rb):

    id = "#{feature_name}#{actors.map(&:value).sort.join}"
    Zlib.crc32(id) % 100_000 < percentage * 1_000

with `percentage` = Flipper::Typecast.to_number(value): a string containing "." -> Float, any
other string -> Integer, nil -> 0, numbers unchanged. Ruby's Integer < Float comparison is exact,
as is Python's. Ruby sorts strings bytewise, so ids are sorted by their UTF-8 bytes here.

Usage: python3 scripts/gen-flipper-vectors.py > core/src/flags/testdata/flipper_vectors.json
"""
import json
import sys
import zlib

SCALING = 1_000
BUCKETS = 100 * SCALING


def to_number(value):
    if value is None:
        return 0
    if isinstance(value, bool):
        raise ValueError("booleans are not percentages")
    if isinstance(value, (int, float)):
        return value
    return float(value) if "." in value else int(value)


def bucket(bucket_key, actors):
    ids = sorted(actors, key=lambda s: s.encode("utf-8"))
    joined = bucket_key + "".join(ids)
    return zlib.crc32(joined.encode("utf-8")) % BUCKETS


def vector(feature, actors, percentage, bucket_key=None, note=""):
    key = feature if bucket_key is None else bucket_key
    b = bucket(key, actors)
    v = {
        "feature": feature,
        "actors": actors,
        "percentage": percentage,
        "bucket": b,
        "expected": b < to_number(percentage) * SCALING,
    }
    if bucket_key is not None:
        v["bucket_key"] = bucket_key
    if note:
        v["note"] = note
    return v


FEATURES = [
    "my_feature",
    "mhv_secure_messaging_curated_list_flow",
    "va_online_scheduling_vaos_service_va_appointments",
    "日本_flag",
]
ACTOR_SETS = [
    ["user-1"],
    ["veteran@example.com"],
    ["5e1a2b3c-0000-4000-8000-00000000abcd"],
    ["é"],
    ["日本"],
    ["🎖️"],
    [""],
    ["0"],
    ["b", "a"],
    ["日本", "a", "é"],
    ["", "z"],
    ["User-1", "user-1"],
]
PERCENTAGES = [
    0, "0", None, 100, "100", 0.001, "0.001", 12.345, "12.345", 99.999, "99.999",
    "25", 25, 50, "50.5", 1, "1", 33.333, "66.667", 75,
]


def main():
    out = []
    for fi, feature in enumerate(FEATURES):
        for ai, actors in enumerate(ACTOR_SETS):
            # Every percentage for the first feature; a rotating third of them for the others.
            for pi, pct in enumerate(PERCENTAGES):
                if fi == 0 or (ai + pi + fi) % 3 == 0:
                    out.append(vector(feature, actors, pct))

    # Boundaries: percentage exactly bucket / 1000, as a float, as a 3-decimal string, and just above.
    feature = "boundary_feature"
    int_hits = 0
    for i in range(40_000):
        actors = [f"boundary-{i}"]
        b = bucket(feature, actors)
        if i < 60 and b % SCALING != 0:
            exact = b / SCALING
            out.append(vector(feature, actors, exact, note="float at bucket"))
            out.append(vector(feature, actors, f"{exact:.3f}", note="string at bucket"))
            out.append(vector(feature, actors, f"{(b + 1) / SCALING:.3f}", note="string just above"))
        if b % SCALING == 0 and int_hits < 12:
            int_hits += 1
            pct = b // SCALING
            out.append(vector(feature, actors, pct, note="integer at bucket"))
            out.append(vector(feature, actors, str(pct), note="integer string at bucket"))
            out.append(vector(feature, actors, f"{pct}.001", note="just above integer"))

    # Double rounding: buckets m where (m / 1000) * 1000 > m as doubles, so Flipper admits the
    # actor at exactly m/1000 % (exact decimal arithmetic would not).
    rounds_up = 0
    for i in range(200_000):
        if rounds_up >= 30:
            break
        actors = [f"rounding-{i}"]
        b = bucket(feature, actors)
        if (b / SCALING) * SCALING > b:
            rounds_up += 1
            out.append(vector(feature, actors, b / SCALING, note="double rounds up"))
            out.append(vector(feature, actors, f"{b / SCALING:.3f}", note="double rounds up (string)"))

    # Shared bucket key (an all-or-none rollout group): the group name is hashed, not the feature.
    for actors in ACTOR_SETS[:6]:
        for pct in ["25", 12.345, "50"]:
            out.append(vector("sm_curated_list", actors, pct, bucket_key="sm_rollout_group"))
            out.append(vector("sm_recent_recipients", actors, pct, bucket_key="sm_rollout_group"))

    json.dump(out, sys.stdout, ensure_ascii=False, indent=0)
    sys.stdout.write("\n")
    print(
        f"{len(out)} vectors, {sum(v['expected'] for v in out)} expected open",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
