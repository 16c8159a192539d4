// Evaluates one MongoDB request with mingo, an implementation of MongoDB's query and aggregation
// language independent of the server and of the C# driver.
//
// stdin, canonical Extended JSON, one of:
//   { "documents": [...], "pipeline": [...] }                                  an aggregation
//   { "documents": [...], "filter": {...}, "projection"?, "sort"?, "limit"? } a find
// stdout, canonical Extended JSON: { "results": [...] }
//
// BSON values become what mingo compares correctly, and back again on the way out:
// - Int32 and Double become JS numbers (mingo's $sum and $hour need numbers).
// - Int64 stays a bson Long, so an answer keeps its type; mingo compares Longs for equality
//   (all Pulse's filters and group keys do) but would order them as text: order by none here.
// - A UUID (binary subtype 4) becomes a Uint8Array subclass, which mingo orders byte by byte
//   as MongoDB orders binaries of one length and subtype (the timeline's keyset on _id).
import { readFileSync } from "node:fs";
import { Binary, Double, EJSON, Int32, Long } from "bson";
import { Aggregator, Query } from "mingo";

class UuidBytes extends Uint8Array {}

function toMingo(value) {
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long || value instanceof Date || value === null || typeof value !== "object") return value;
  if (value instanceof Binary) {
    if (value.sub_type !== Binary.SUBTYPE_UUID) throw new Error(`Binary subtype ${value.sub_type} is not supported`);
    return new UuidBytes(value.buffer);
  }
  if (Array.isArray(value)) return value.map(toMingo);
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, toMingo(item)]));
}

function fromMingo(value) {
  if (value instanceof UuidBytes) return new Binary(value, Binary.SUBTYPE_UUID);
  if (value instanceof Long || value instanceof Date || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(fromMingo);
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, fromMingo(item)]));
}

const request = toMingo(EJSON.parse(readFileSync(0, "utf8"), { relaxed: false }));
let results;
if (request.pipeline) {
  results = new Aggregator(request.pipeline).run(request.documents);
} else {
  let cursor = new Query(request.filter ?? {}).find(request.documents, request.projection ?? {});
  if (request.sort) cursor = cursor.sort(request.sort);
  if (request.limit) cursor = cursor.limit(request.limit);
  results = cursor.all();
}
process.stdout.write(EJSON.stringify({ results: fromMingo(results) }, { relaxed: false }));
