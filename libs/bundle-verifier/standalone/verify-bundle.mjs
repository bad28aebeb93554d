#!/usr/bin/env node
// labor-relations-record 0.1.0: the lrr-bundle/1 verifier, built by scripts/build-verifiers.mjs from libs/bundle-verifier. Do not edit: rebuild. Includes canonicalize 2.1.0 (RFC 8785 JSON canonicalization, Apache-2.0 licensed, by Samuel Erdtman).
// Usage: node verify-bundle.mjs <bundle.json> [--trusted-key <public-key.pem>]... [--json]
import { parseArgs } from "node:util";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
// \0rolldown/runtime.js
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJSMin = (cb, mod) => () => (mod || (cb((mod = { exports: {} }).exports, mod, mod.exports), cb = null), mod.exports);
var __copyProps = (to, from, except, desc) => {
	if (from && typeof from === "object" || typeof from === "function") {
		for (let key of __getOwnPropNames(from)) if (!__hasOwnProp.call(to, key) && key !== except) {
			desc = __getOwnPropDesc(from, key);
			__defProp(to, key, {
				get: desc && desc.get && !desc.configurable ? desc.get : () => from[key],
				enumerable: !desc || desc.enumerable
			});
		}
	}
	return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(isNodeMode || !mod || !mod.__esModule || !__hasOwnProp.call(mod, "default") ? __defProp(target, "default", {
	value: mod,
	enumerable: true
}) : target, mod));
const rfc8785 = __toESM(__commonJSMin(((exports, module) => {
	module.exports = function serialize(object) {
		if (typeof object === "number" && isNaN(object)) throw new Error("NaN is not allowed");
		if (typeof object === "number" && !isFinite(object)) throw new Error("Infinity is not allowed");
		if (object === null || typeof object !== "object") return JSON.stringify(object);
		if (object.toJSON instanceof Function) return serialize(object.toJSON());
		if (Array.isArray(object)) return `[${object.reduce((t, cv, ci) => {
			return `${t}${ci === 0 ? "" : ","}${serialize(cv === void 0 || typeof cv === "symbol" ? null : cv)}`;
		}, "")}]`;
		return `{${Object.keys(object).sort().reduce((t, cv) => {
			if (object[cv] === void 0 || typeof object[cv] === "symbol") return t;
			return `${t}${t.length === 0 ? "" : ","}${serialize(cv)}:${serialize(object[cv])}`;
		}, "")}}`;
	};
}))(), 1).default;
const encoder$1 = new TextEncoder();
/** A key given to the verifier was not an Ed25519 key it can use. The message is one line. */
var BundleKeyInvalid = class extends Error {
	constructor(message) {
		super(message);
		this.name = "BundleKeyInvalid";
	}
};
function subtle() {
	const crypto = globalThis.crypto;
	if (!crypto?.subtle) throw new Error("WebCrypto (crypto.subtle) is not available here: a browser needs a secure context (https or localhost)");
	return crypto.subtle;
}
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
const UNORDERABLE = Symbol("an object key JSON.stringify would put first");
/**
* RFC 8785 canonical JSON text of a plain JSON value. JSON.stringify writes it when each object's
* keys are handed to it in sorted order (its numbers and strings are RFC 8785's), three times as
* fast as the canonicalizer on the large sections of a big audit file; a value with a key that
* looks like an array index (which JavaScript enumerates first, whatever its order) goes to the
* canonicalizer.
*/
function canonicalJson(value) {
	let text;
	try {
		text = JSON.stringify(value, function sorted(_key, v) {
			if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`${v} is not allowed in canonical JSON`);
			if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
			const keys = Object.keys(v);
			let ordered = true;
			for (let i = 0; i < keys.length; i++) {
				if (ARRAY_INDEX.test(keys[i])) throw UNORDERABLE;
				if (i > 0 && keys[i - 1] > keys[i]) ordered = false;
			}
			if (ordered) return v;
			const out = {};
			for (const key of keys.sort()) out[key] = v[key];
			return out;
		});
	} catch (error) {
		if (error !== UNORDERABLE) throw error;
		text = rfc8785(value);
	}
	if (text === void 0) throw new Error("value cannot be serialized as canonical JSON");
	return text;
}
const hexOf = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
async function sha256Hex(data) {
	return hexOf(await subtle().digest("SHA-256", typeof data === "string" ? encoder$1.encode(data) : data));
}
/** How many WebCrypto digests are in flight at once: enough to keep its thread busy, few enough to bound memory. */
const WEB_CRYPTO_BATCH = 1024;
function sha256(sync) {
	if (sync) return {
		hex: async (data) => sync([data]),
		hexAll: async (inputs) => inputs.map(sync)
	};
	return {
		hex: sha256Hex,
		hexAll: async (inputs) => {
			const out = [];
			for (let i = 0; i < inputs.length; i += WEB_CRYPTO_BATCH) out.push(...await Promise.all(inputs.slice(i, i + WEB_CRYPTO_BATCH).map((parts) => sha256Hex(parts.join("")))));
			return out;
		}
	};
}
/** The parts one link of a stream's chain hashes: `prevHash + "\n" + canonical` (as the event store computes it). */
const linkInput = (prevHash, canonical) => [
	prevHash,
	"\n",
	canonical
];
/** The hash the manifest records for a section: SHA-256 over its canonical JSON. */
function sectionDigest(value, hash = sha256()) {
	return hash.hex(canonicalJson(value));
}
/** The bytes the signature covers: the canonical JSON of the manifest without its signature. */
function signedManifestBytes(manifest) {
	const { signature: _signature, ...unsigned } = manifest;
	return encoder$1.encode(canonicalJson(unsigned));
}
function base64ToBytes(text) {
	const binary = atob(text.replace(/\s+/g, ""));
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}
const PEM = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/;
/**
* An Ed25519 public key from PEM text: an SPKI public key, or a PKCS#8 private key (its public
* half is taken). Throws BundleKeyInvalid for anything else.
*/
async function ed25519VerificationKey(pem, what = "key") {
	const match = PEM.exec(pem);
	if (!match) throw new BundleKeyInvalid(`${what} is not a PEM public or private key`);
	const label = match[1];
	let der;
	try {
		der = base64ToBytes(match[2]);
	} catch {
		throw new BundleKeyInvalid(`${what} is not a PEM public or private key (its body is not base64)`);
	}
	let key;
	try {
		if (label === "PUBLIC KEY") key = await subtle().importKey("spki", der, { name: "Ed25519" }, true, ["verify"]);
		else if (label === "PRIVATE KEY") {
			const privateKey = await subtle().importKey("pkcs8", der, { name: "Ed25519" }, true, ["sign"]);
			const jwk = await subtle().exportKey("jwk", privateKey);
			key = await subtle().importKey("jwk", {
				kty: "OKP",
				crv: "Ed25519",
				x: jwk.x
			}, { name: "Ed25519" }, true, ["verify"]);
		} else throw new BundleKeyInvalid(`${what} is a PEM ${label.toLowerCase()}, not an Ed25519 public or private key`);
	} catch (error) {
		if (error instanceof BundleKeyInvalid) throw error;
		throw new BundleKeyInvalid(`${what} is not an Ed25519 key`);
	}
	const spki = await subtle().exportKey("spki", key);
	return {
		key,
		fingerprint: `sha256:${await sha256Hex(new Uint8Array(spki))}`
	};
}
async function verifyEd25519(key, data, signatureBase64) {
	try {
		return await subtle().verify({ name: "Ed25519" }, key, base64ToBytes(signatureBase64), data);
	} catch {
		return false;
	}
}
// libs/bundle-verifier/src/checkpoint.ts
/** The name of the bundle section that carries the latest checkpoint's tree head and the file's streams' inclusion proofs. */
const CHECKPOINT_SECTION = "recordCheckpoint";
const isObj$1 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const isStr$1 = (v) => typeof v === "string";
const isInt$1 = (v) => Number.isInteger(v) && v >= 0;
const isHash$1 = (v) => isStr$1(v) && /^[0-9a-f]{64}$/.test(v);
const encoder = new TextEncoder();
const bytesOfHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const joined = (prefix, ...parts) => {
	const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
	out[0] = prefix;
	let at = 1;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
};
/** A leaf: SHA-256 over 0x00 and the head's canonical JSON (RFC 6962 domain separation), hex. */
function leafHashHex(head, hash = sha256()) {
	return hash.hex(joined(0, encoder.encode(canonicalJson({
		stream: head.stream,
		revision: head.revision,
		hash: head.hash
	}))));
}
/** An inner node: SHA-256 over 0x01, the left and the right child, hex. */
function nodeHashHex(left, right, hash = sha256()) {
	return hash.hex(joined(1, bytesOfHex(left), bytesOfHex(right)));
}
/** Whether `head`, as leaf `index` of `size`, is in the tree with `root` (RFC 9162 §2.1.3.2). */
async function verifyInclusion(head, index, size, proof, root, hash = sha256()) {
	if (!isInt$1(index) || !isInt$1(size) || index >= size || !proof.every(isHash$1)) return false;
	let fn = index;
	let sn = size - 1;
	let r = await leafHashHex(head, hash);
	for (const sibling of proof) {
		if (sn === 0) return false;
		if (fn % 2 === 1 || fn === sn) {
			r = await nodeHashHex(sibling, r, hash);
			while (fn % 2 === 0 && fn !== 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else r = await nodeHashHex(r, sibling, hash);
		fn >>= 1;
		sn >>= 1;
	}
	return sn === 0 && r === root;
}
/** The bytes a checkpoint's signature covers: the canonical JSON of its tree head. */
const treeHeadSigningBytes = (head) => encoder.encode(canonicalJson({ ...head }));
/** Whether `signature` verifies over `head` with the public key it carries; and that key's fingerprint. */
async function treeHeadSigned(head, signature) {
	try {
		const { key, fingerprint } = await ed25519VerificationKey(signature.publicKey, "checkpoint public key");
		return {
			valid: signature.algorithm === "Ed25519" && await verifyEd25519(key, treeHeadSigningBytes(head), signature.value),
			fingerprint
		};
	} catch {
		return {
			valid: false,
			fingerprint: null
		};
	}
}
function wellFormed(section) {
	if (!isObj$1(section) || !isStr$1(section["file"]) || !isObj$1(section["treeHead"]) || !isObj$1(section["signature"]) || !Array.isArray(section["streams"])) return false;
	const head = section["treeHead"];
	const signature = section["signature"];
	return isStr$1(head["at"]) && isInt$1(head["size"]) && isHash$1(head["merkleRoot"]) && isStr$1(signature["publicKey"]) && isStr$1(signature["value"]) && section["streams"].every((h) => isObj$1(h) && isStr$1(h["stream"]) && isInt$1(h["revision"]) && isHash$1(h["hash"]) && isInt$1(h["index"]) && Array.isArray(h["proof"]));
}
/**
* Checks a file's checkpoint section against the file's signed manifest: the tree head's signature
* (by one of the trusted keys, given as their `sha256:` fingerprints, when there are any), each
* head's inclusion proof, and that the file holds each checkpointed head (the same hash at the same
* revision). The section's own integrity (its hash in the signed manifest) is verifyBundle's.
*/
async function verifyCheckpointSection(bundle, options = {}) {
	const raw = bundle.sections[CHECKPOINT_SECTION];
	if (raw === void 0) return {
		present: false,
		file: null,
		at: null,
		proven: 0,
		heads: 0,
		problems: []
	};
	const problems = [];
	const problem = (p) => problems.push({
		...p,
		section: CHECKPOINT_SECTION
	});
	if (!wellFormed(raw)) {
		problem({
			kind: "checkpoint-malformed",
			message: `section ${CHECKPOINT_SECTION} is not a checkpoint's tree head with its stream heads' proofs`
		});
		return {
			present: true,
			file: null,
			at: null,
			proven: 0,
			heads: 0,
			problems
		};
	}
	const hash = options.hash ?? sha256();
	const { treeHead, signature } = raw;
	const { valid, fingerprint } = await treeHeadSigned(treeHead, signature);
	if (!valid) problem({
		kind: "checkpoint-signature-invalid",
		message: `the checkpoint tree head of ${treeHead.at} does not verify against its signature`
	});
	else if (options.trustedFingerprints && options.trustedFingerprints.length > 0 && !options.trustedFingerprints.includes(fingerprint)) problem({
		kind: "checkpoint-key-untrusted",
		message: `the checkpoint of ${treeHead.at} is signed by ${fingerprint}, not by a trusted key`
	});
	const manifest = new Map(bundle.manifest.streams.map((s) => [s.stream, s]));
	let proven = 0;
	for (const head of raw.streams) {
		if (!await verifyInclusion(head, head.index, treeHead.size, head.proof, treeHead.merkleRoot, hash)) {
			problem({
				kind: "checkpoint-proof-invalid",
				stream: head.stream,
				message: `the head of ${head.stream} (revision ${head.revision}) is not proven in the checkpoint's tree`
			});
			continue;
		}
		const stream = manifest.get(head.stream);
		if (!stream) {
			problem({
				kind: "checkpoint-stream-missing",
				stream: head.stream,
				missing: {
					from: 0,
					to: head.revision
				},
				message: `the checkpoint of ${treeHead.at} committed to ${head.stream} up to revision ${head.revision}; the file does not hold that stream`
			});
			continue;
		}
		if (stream.lastRevision < head.revision) {
			problem({
				kind: "checkpoint-revisions-missing",
				stream: head.stream,
				missing: {
					from: stream.lastRevision + 1,
					to: head.revision
				},
				message: `${head.stream} is missing revisions ${stream.lastRevision + 1}–${head.revision}: the file ends at revision ${stream.lastRevision}, the checkpoint of ${treeHead.at} committed to revision ${head.revision}`
			});
			continue;
		}
		const entry = stream.index.find((e) => e.revision === head.revision);
		if (!entry || entry.hash !== head.hash) {
			problem({
				kind: "checkpoint-head-changed",
				stream: head.stream,
				message: `${head.stream} revision ${head.revision} in the file is not the event the checkpoint of ${treeHead.at} committed to`
			});
			continue;
		}
		proven += 1;
	}
	return {
		present: true,
		file: raw.file,
		at: treeHead.at,
		proven,
		heads: raw.streams.length,
		problems
	};
}
// libs/bundle-verifier/src/reading.ts
/** A file given to the verifier is not a bundle it can read (not JSON, or a PDF that carries none). The message is one line. */
var BundleUnreadable = class extends Error {
	constructor(message) {
		super(message);
		this.name = "BundleUnreadable";
	}
};
const PDF_MAGIC = [
	37,
	80,
	68,
	70,
	45
];
async function inflate(data) {
	const { Blob, Response, DecompressionStream } = globalThis;
	if (!DecompressionStream) throw new BundleUnreadable("this platform cannot decompress the PDF attachment (no DecompressionStream)");
	return new Uint8Array(await new Response(new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate"))).arrayBuffer());
}
/**
* The files a PDF carries as embedded file streams (how the audit file's PDF/A-3 rendering attaches
* its signed JSON bundle): each `/Type /EmbeddedFile` stream with a direct `/Length`, unfiltered or
* FlateDecode, decoded as UTF-8. Enough for the PDFs libs/records writes; not a general PDF parser.
*/
async function pdfAttachments(bytes) {
	const text = Array.from(bytes, (b) => String.fromCharCode(b)).join("");
	const found = [];
	for (const match of text.matchAll(/\/Type\s*\/EmbeddedFile\b/g)) {
		const head = /\bstream(\r\n|\n)/g;
		head.lastIndex = match.index;
		const opened = head.exec(text);
		if (!opened) continue;
		const dictionary = text.slice(text.lastIndexOf("obj", match.index), opened.index);
		const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary);
		if (!length) continue;
		const start = opened.index + opened[0].length;
		const data = bytes.subarray(start, start + Number(length[1]));
		const filter = /\/Filter\s*(?:\[\s*)?\/(\w+)/.exec(dictionary)?.[1];
		if (filter !== void 0 && filter !== "FlateDecode") continue;
		try {
			found.push(new TextDecoder("utf-8", { fatal: true }).decode(filter === "FlateDecode" ? await inflate(data) : data));
		} catch (error) {
			if (error instanceof BundleUnreadable) throw error;
		}
	}
	return found;
}
/**
* A bundle file's bytes, parsed: what `verify`, the standalone script and the standalone page read.
* A JSON file is the bundle; a PDF rendering is read for the bundle it carries attached. Throws
* BundleUnreadable naming `source` when neither gives JSON.
*
* A bundle as libs/records writes it is read without parsing its large sections when their bytes
* as stored hash to the digests its manifest records (see storedSections): the parsed bundle is
* the same, those sections are parsed when first read.
*/
async function readBundleFile(bytes, source, options = {}) {
	if (PDF_MAGIC.every((b, i) => bytes[i] === b)) {
		for (const attachment of await pdfAttachments(bytes)) try {
			const bundle = JSON.parse(attachment);
			if (typeof bundle === "object" && bundle !== null && "manifest" in bundle) return {
				bundle,
				source: `${source}, its attached bundle`
			};
		} catch {}
		throw new BundleUnreadable(`${source} is not JSON (it is a PDF that carries no attached bundle: pass the .json bundle)`);
	}
	const stored = await storedSections(bytes, options);
	if (stored !== null) return {
		bundle: stored,
		source
	};
	let text;
	try {
		text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
	} catch {
		throw new BundleUnreadable(`${source} is not JSON (it is not UTF-8 text)`);
	}
	try {
		return {
			bundle: JSON.parse(text.replace(/^\uFEFF/, "")),
			source
		};
	} catch {
		throw new BundleUnreadable(`${source} is not JSON`);
	}
}
/** Sections smaller than this are parsed with the rest (hashing them as stored saves nothing), and the checkpoint, which the verifier reads. */
const STORED_SECTION_MIN_BYTES = 65536;
const FILE_HEAD = "{\"format\":\"lrr-bundle/1\",\"manifest\":";
const PLAIN_NAME = /^[A-Za-z0-9_$-]+$/;
/** The SHA-256 each section read as stored hashed to, by the getter that stands for it. */
const storedDigests = new WeakMap();
/**
* The digest of section `name` of a bundle's `sections` as stored in the file it was read from, when it
* was read as stored and not replaced since (the verifier then compares it instead of re-canonicalizing).
*/
function storedSectionDigest(sections, name) {
	const getter = Object.getOwnPropertyDescriptor(sections, name)?.get;
	return getter ? storedDigests.get(getter) : void 0;
}
function byteSearch(bytes) {
	const NodeBuffer = globalThis.Buffer;
	const found = (i, from) => i < 0 ? -1 : from + i;
	if (NodeBuffer) {
		const buffer = NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		return {
			indexOf: (text, from, to) => found(buffer.subarray(from, to).indexOf(text), from),
			lastIndexOf: (text, from, to) => found(buffer.subarray(from, to).lastIndexOf(text), from)
		};
	}
	const chars = new TextDecoder("windows-1252").decode(bytes);
	return {
		indexOf: (text, from, to) => found(chars.slice(from, to).indexOf(text), from),
		lastIndexOf: (text, from, to) => found(chars.slice(from, to).lastIndexOf(text), from)
	};
}
/** How far one step of the search for the sections' keys reads before the other end takes a turn. */
const SEARCH_STEP = 1 << 20;
/**
* Where each section's key starts, `"first":` at `open`, then `,"name":` in the manifest's order up to
* `close`: searched from both ends in turns, so the largest section (most of the file) is usually
* not read at all. null when a key is not found.
*/
function sectionKeys(find, keys, open, close) {
	const at = [open];
	let lo = 1;
	let hi = keys.length - 1;
	let forward = open + keys[0].length;
	let backward = close;
	let readForward = 0;
	let readBackward = 0;
	while (lo <= hi) if (readForward <= readBackward) {
		const key = keys[lo];
		const to = Math.min(forward + SEARCH_STEP + key.length, backward);
		const i = find.indexOf(key, forward, to);
		if (i >= 0) {
			at[lo++] = i;
			forward = i + key.length;
		} else if (to === backward) return null;
		else {
			readForward += to - forward - key.length;
			forward = to - key.length;
		}
	} else {
		const key = keys[hi];
		const from = Math.max(backward - SEARCH_STEP - key.length, forward);
		const i = find.lastIndexOf(key, from, backward);
		if (i >= 0) {
			at[hi--] = i;
			backward = i;
		} else if (from === forward) return null;
		else {
			readBackward += backward - from - key.length;
			backward = from + key.length;
		}
	}
	return at;
}
async function storedSections(bytes, options) {
	try {
		const find = byteSearch(bytes);
		if (find.indexOf(FILE_HEAD, 0, 36) !== 0) return null;
		const utf8 = new TextDecoder("utf-8", { fatal: true });
		const text = (from, to) => utf8.decode(bytes.subarray(from, to));
		let manifest = null;
		let open = 36;
		for (let at = find.indexOf("},\"sections\":{", open, bytes.length); at >= 0 && manifest === null; at = find.indexOf("},\"sections\":{", at + 1, bytes.length)) try {
			const parsed = JSON.parse(text(open, at + 1));
			if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) manifest = parsed;
			open = at + 14;
		} catch {}
		const digests = manifest?.["sections"];
		if (manifest === null || typeof digests !== "object" || digests === null) return null;
		const names = Object.keys(digests);
		if (names.length === 0 || !names.every((name) => PLAIN_NAME.test(name))) return null;
		const close = find.lastIndexOf("},\"events\":{", open, bytes.length);
		if (close < 0) return null;
		const keys = names.map((name, i) => `${i === 0 ? "" : ","}"${name}":`);
		if (find.indexOf(keys[0], open, open + keys[0].length) !== open) return null;
		const starts = sectionKeys(find, keys, open, close);
		if (starts === null) return null;
		const spans = [];
		for (const [i, name] of names.entries()) {
			const from = starts[i] + keys[i].length;
			const to = i + 1 < names.length ? starts[i + 1] : close;
			if (to < from) return null;
			if (to - from >= STORED_SECTION_MIN_BYTES && name !== "recordCheckpoint") spans.push({
				name,
				from,
				to,
				digest: ""
			});
		}
		if (spans.length === 0) return null;
		const hash = sha256(options.sha256);
		for (const span of spans) {
			const digest = options.sha256 ? options.sha256([bytes.subarray(span.from, span.to)]) : await hash.hex(bytes.subarray(span.from, span.to));
			if (digest !== digests[span.name]) return null;
			span.digest = digest;
		}
		const nonce = Math.random().toString(36).slice(2);
		const marker = (name) => `\u0000stored section ${name} ${nonce}`;
		const marks = spans.map((span) => new TextEncoder().encode(JSON.stringify(marker(span.name))));
		const skeleton = new Uint8Array(bytes.length + spans.reduce((n, span, k) => n - (span.to - span.from) + marks[k].length, 0));
		let read = 0;
		let written = 0;
		for (const [k, span] of spans.entries()) {
			skeleton.set(bytes.subarray(read, span.from), written);
			written += span.from - read;
			skeleton.set(marks[k], written);
			written += marks[k].length;
			read = span.to;
		}
		skeleton.set(bytes.subarray(read), written);
		const bundle = JSON.parse(utf8.decode(skeleton));
		const sections = bundle["sections"];
		if (typeof sections !== "object" || sections === null || Array.isArray(sections)) return null;
		const signed = bundle["manifest"]?.["sections"];
		if (!spans.every((span) => Object.getOwnPropertyDescriptor(sections, span.name)?.value === marker(span.name) && signed?.[span.name] === span.digest)) return null;
		for (const span of spans) {
			const materialize = (value) => Object.defineProperty(sections, span.name, {
				value,
				writable: true,
				enumerable: true,
				configurable: true
			});
			const get = () => {
				const value = JSON.parse(text(span.from, span.to));
				materialize(value);
				return value;
			};
			storedDigests.set(get, span.digest);
			Object.defineProperty(sections, span.name, {
				get,
				set: materialize,
				enumerable: true,
				configurable: true
			});
		}
		return bundle;
	} catch {
		return null;
	}
}
/** The one-line verdict of a bundle that does not verify (its problems are in the report). */
function notIntactSummary(report) {
	return `bundle ${report.bundleId ?? "(unknown)"} is NOT intact: ${report.problems.length} problem(s), listed above`;
}
// libs/bundle-verifier/src/verifier.ts
/** The bundle format this verifier reads (libs/records writes it). */
const BUNDLE_FORMAT = "lrr-bundle/1";
const isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const isStr = (v) => typeof v === "string";
const isInt = (v) => Number.isInteger(v) && v >= 0;
const isHash = (v) => isStr(v) && /^[0-9a-f]{64}$/.test(v);
const short = (hash) => `${hash.slice(0, 12)}…`;
const at = (stream, revision, eventId) => `${stream} revision ${revision}${eventId ? ` (event ${eventId})` : ""}`;
const TOP_LEVEL_KEYS = [
	"format",
	"manifest",
	"sections",
	"events"
];
const DISCLOSED_KEYS = [
	"revision",
	"eventId",
	"prevHash",
	"hash",
	"canonical"
];
const WITHHELD_KEYS = [
	"revision",
	"prevHash",
	"hash",
	"withheld"
];
/** Verifies a parsed bundle file. Rejects only for unusable trusted keys (a caller's mistake: BundleKeyInvalid). */
async function verifyBundle(bundle, options = {}) {
	const trusted = options.trustedKeys && await Promise.all(options.trustedKeys.map(async (key, i) => (await ed25519VerificationKey(key, `trusted key ${i + 1}`)).fingerprint));
	const problems = [];
	const problem = (p) => problems.push(p);
	const hash = sha256(options.sha256);
	const empty = (message) => ({
		intact: false,
		format: null,
		bundleId: null,
		kind: null,
		negotiationId: null,
		generatedAt: null,
		generatedBy: null,
		signature: {
			algorithm: null,
			keyId: null,
			fingerprint: null,
			valid: false,
			trusted: trusted ? false : null
		},
		streams: [],
		sections: [],
		checkpoint: null,
		problems: [{
			kind: "malformed",
			message
		}]
	});
	if (!isObj(bundle)) return empty("not a bundle: the file is not a JSON object");
	if (bundle["format"] !== "lrr-bundle/1") return empty(`not a bundle of format ${BUNDLE_FORMAT} (format: ${JSON.stringify(bundle["format"] ?? null)})`);
	const manifest = bundle["manifest"];
	if (!isObj(manifest)) return empty("the bundle has no manifest");
	for (const key of Object.keys(bundle)) if (!TOP_LEVEL_KEYS.includes(key)) problem({
		kind: "malformed",
		message: `unsigned content at the top level of the file: "${key}"`
	});
	if (manifest["format"] !== "lrr-bundle/1") problem({
		kind: "malformed",
		message: `the manifest's format is ${JSON.stringify(manifest["format"] ?? null)}, not ${BUNDLE_FORMAT}`
	});
	const signature = isObj(manifest["signature"]) ? manifest["signature"] : null;
	let fingerprint = null;
	let valid = false;
	let isTrusted = trusted ? false : null;
	if (signature === null) problem({
		kind: "signature-invalid",
		message: "the manifest is not signed"
	});
	else try {
		const { key, fingerprint: embedded } = await ed25519VerificationKey(isStr(signature["publicKey"]) ? signature["publicKey"] : "", "the manifest's public key");
		fingerprint = embedded;
		if (signature["algorithm"] !== "Ed25519") problem({
			kind: "signature-invalid",
			message: `signature algorithm ${JSON.stringify(signature["algorithm"])} is not Ed25519`
		});
		else if (!isStr(signature["value"])) problem({
			kind: "signature-invalid",
			message: "the signature has no value"
		});
		else {
			let bytes = null;
			try {
				bytes = signedManifestBytes(manifest);
			} catch {
				bytes = null;
			}
			valid = bytes !== null && await verifyEd25519(key, bytes, signature["value"]);
			if (!valid) problem({
				kind: "signature-invalid",
				message: `the signature does not verify: the manifest was altered after signing, or was not signed by key ${fingerprint}`
			});
		}
		if (signature["keyId"] !== fingerprint) problem({
			kind: "key-id-mismatch",
			message: `the manifest names key ${String(signature["keyId"])} but embeds key ${fingerprint}`
		});
		if (trusted) {
			isTrusted = trusted.includes(fingerprint);
			if (!isTrusted) problem({
				kind: "key-untrusted",
				message: `signed by key ${fingerprint}, which is not among the trusted keys (${trusted.join(", ")}): the bundle was re-signed by someone else`
			});
		}
	} catch (error) {
		problem({
			kind: "signature-invalid",
			message: error instanceof Error ? error.message : String(error)
		});
	}
	const manifestSections = isObj(manifest["sections"]) ? manifest["sections"] : null;
	const sections = isObj(bundle["sections"]) ? bundle["sections"] : {};
	const sectionVerdicts = [];
	if (manifestSections === null) problem({
		kind: "malformed",
		message: "the manifest lists no section hashes"
	});
	else {
		for (const [name, expected] of Object.entries(manifestSections)) {
			if (!Object.hasOwn(sections, name)) {
				problem({
					kind: "section-missing",
					section: name,
					message: `section ${name} is listed in the manifest but missing from the file`
				});
				sectionVerdicts.push({
					name,
					intact: false
				});
				continue;
			}
			let actual = null;
			try {
				actual = storedSectionDigest(sections, name) ?? await sectionDigest(sections[name], hash);
			} catch {
				actual = null;
			}
			const ok = actual === expected;
			if (!ok) problem({
				kind: "section-modified",
				section: name,
				message: `section ${name} was modified: it hashes to ${actual ?? "(unhashable)"}, the manifest records ${String(expected)}`
			});
			sectionVerdicts.push({
				name,
				intact: ok
			});
		}
		for (const name of Object.keys(sections)) if (!Object.hasOwn(manifestSections, name)) problem({
			kind: "section-unsigned",
			section: name,
			message: `section ${name} is in the file but not in the signed manifest`
		});
	}
	const events = isObj(bundle["events"]) ? bundle["events"] : {};
	if (!isObj(bundle["events"])) problem({
		kind: "malformed",
		message: "the bundle has no events"
	});
	const streamVerdicts = [];
	const views = [];
	const listed = new Set();
	const manifestStreams = Array.isArray(manifest["streams"]) ? manifest["streams"] : null;
	if (manifestStreams === null) problem({
		kind: "malformed",
		message: "the manifest lists no streams"
	});
	for (const raw of manifestStreams ?? []) {
		const view = manifestStream(raw, problem);
		if (view === null) continue;
		views.push(view);
		listed.add(view.stream);
		const before = problems.length;
		const entries = events[view.stream];
		if (!Array.isArray(entries)) {
			problem({
				kind: "stream-missing",
				stream: view.stream,
				message: `stream ${view.stream} (${view.events} events in the manifest) is missing from the file`
			});
			streamVerdicts.push({
				stream: view.stream,
				events: view.events,
				withheld: view.withheld,
				headHash: view.headHash,
				found: 0,
				chain: {
					intact: false,
					revision: null,
					detail: "missing"
				},
				intact: false
			});
			continue;
		}
		const chain = await diagnoseStream(view, entries, problem, hash);
		streamVerdicts.push({
			stream: view.stream,
			events: view.events,
			withheld: view.withheld,
			headHash: view.headHash,
			found: entries.length,
			chain,
			intact: problems.length === before
		});
	}
	for (const stream of Object.keys(events)) if (!listed.has(stream)) problem({
		kind: "stream-unsigned",
		stream,
		message: `stream ${stream} is in the file but not in the signed manifest`
	});
	const checkpoint = await verifyCheckpointSection({
		manifest: { streams: views.map((v) => ({
			stream: v.stream,
			lastRevision: v.firstRevision + v.index.length - 1,
			index: v.index
		})) },
		sections
	}, {
		...trusted && { trustedFingerprints: trusted },
		hash
	});
	for (const p of checkpoint.problems) problem({
		kind: p.kind,
		message: p.message,
		section: p.section,
		...p.stream !== void 0 && { stream: p.stream }
	});
	const generatedBy = isObj(manifest["generatedBy"]) && isStr(manifest["generatedBy"]["subject"]) && isStr(manifest["generatedBy"]["role"]) ? {
		subject: manifest["generatedBy"]["subject"],
		role: manifest["generatedBy"]["role"]
	} : null;
	return {
		intact: problems.length === 0,
		format: BUNDLE_FORMAT,
		bundleId: isStr(manifest["bundleId"]) ? manifest["bundleId"] : null,
		kind: isStr(manifest["kind"]) ? manifest["kind"] : null,
		negotiationId: isStr(manifest["negotiationId"]) ? manifest["negotiationId"] : null,
		generatedAt: isStr(manifest["generatedAt"]) ? manifest["generatedAt"] : null,
		generatedBy,
		signature: {
			algorithm: signature && isStr(signature["algorithm"]) ? signature["algorithm"] : null,
			keyId: signature && isStr(signature["keyId"]) ? signature["keyId"] : null,
			fingerprint,
			valid,
			trusted: isTrusted
		},
		streams: streamVerdicts,
		sections: sectionVerdicts,
		checkpoint: checkpoint.present ? {
			file: checkpoint.file,
			at: checkpoint.at,
			heads: checkpoint.heads,
			proven: checkpoint.proven,
			intact: checkpoint.problems.length === 0
		} : null,
		problems
	};
}
function manifestStream(raw, problem) {
	if (!isObj(raw) || !isStr(raw["stream"]) || !Array.isArray(raw["index"]) || !isHash(raw["anchorHash"]) || !isHash(raw["headHash"]) || !isInt(raw["events"]) || !isInt(raw["firstRevision"])) {
		problem({
			kind: "malformed",
			message: `a manifest stream entry is malformed: ${JSON.stringify(raw).slice(0, 120)}`
		});
		return null;
	}
	const stream = raw["stream"];
	const index = [];
	for (const slot of raw["index"]) {
		if (!isObj(slot) || !isInt(slot["revision"]) || !isHash(slot["hash"]) || slot["eventId"] !== void 0 && !isStr(slot["eventId"])) {
			problem({
				kind: "malformed",
				stream,
				message: `the manifest index of ${stream} has a malformed entry`
			});
			return null;
		}
		index.push({
			revision: slot["revision"],
			hash: slot["hash"],
			eventId: isStr(slot["eventId"]) ? slot["eventId"] : null,
			withheld: slot["withheld"] === true
		});
	}
	const view = {
		stream,
		events: raw["events"],
		withheld: isInt(raw["withheld"]) ? raw["withheld"] : index.filter((s) => s.withheld).length,
		firstRevision: raw["firstRevision"],
		anchorHash: raw["anchorHash"],
		headHash: raw["headHash"],
		index
	};
	if (!index.every((slot, i) => slot.revision === view.firstRevision + i) || index.length !== view.events || index.length > 0 && index.at(-1).hash !== view.headHash || raw["lastRevision"] !== view.firstRevision + index.length - 1) problem({
		kind: "manifest-inconsistent",
		stream,
		message: `the manifest's entry for ${stream} contradicts itself (index, count, revisions or head hash)`
	});
	return view;
}
function parseEntry(raw, position, stream, problem) {
	const r = isObj(raw) ? raw : {};
	const withheld = r["withheld"] === true;
	const canonical = isStr(r["canonical"]) ? r["canonical"] : null;
	const entry = {
		position,
		revision: isInt(r["revision"]) ? r["revision"] : null,
		prevHash: isStr(r["prevHash"]) ? r["prevHash"] : null,
		hash: isStr(r["hash"]) ? r["hash"] : null,
		withheld,
		canonical,
		fieldEventId: isStr(r["eventId"]) ? r["eventId"] : null,
		canonicalEventId: null
	};
	const allowed = withheld ? WITHHELD_KEYS : DISCLOSED_KEYS;
	const extra = Object.keys(r).filter((k) => !allowed.includes(k));
	const missing = allowed.filter((k) => !Object.hasOwn(r, k));
	if (!isObj(raw) || extra.length > 0 || missing.length > 0) {
		const where = entry.revision !== null ? at(stream, entry.revision, entry.fieldEventId ?? void 0) : `${stream} entry ${position}`;
		problem({
			kind: "malformed",
			stream,
			...entry.revision !== null && { revision: entry.revision },
			message: `${where}: ${!isObj(raw) ? "not an object" : [extra.length > 0 ? `unsigned field(s) ${extra.join(", ")}` : "", missing.length > 0 ? `missing field(s) ${missing.join(", ")}` : ""].filter(Boolean).join("; ")}`
		});
	}
	return entry;
}
/**
* Whether an event's canonical text holds `"eventId":"<id>"`. Its keys are sorted, so the event's own
* id is near the end (after its data): looked for there first.
*/
function namesEventId(canonical, id) {
	const text = `"eventId":${JSON.stringify(id)}`;
	return canonical.indexOf(text, canonical.length - 512) >= 0 || canonical.includes(text);
}
/** The event id an event's canonical text names, if it is a JSON object that names one. */
function eventIdOf(canonical) {
	try {
		const parsed = JSON.parse(canonical);
		return isObj(parsed) && isStr(parsed["eventId"]) ? parsed["eventId"] : null;
	} catch {
		return null;
	}
}
/** Positions (into `seq`) of one longest strictly increasing subsequence. */
function longestIncreasing(seq) {
	const tails = [];
	const prev = new Array(seq.length).fill(-1);
	for (let i = 0; i < seq.length; i++) {
		let lo = 0;
		let hi = tails.length;
		while (lo < hi) {
			const mid = lo + hi >> 1;
			if (seq[tails[mid]] < seq[i]) lo = mid + 1;
			else hi = mid;
		}
		if (lo > 0) prev[i] = tails[lo - 1];
		tails[lo] = i;
	}
	const keep = new Set();
	for (let i = tails.at(-1) ?? -1; i >= 0; i = prev[i]) keep.add(i);
	return keep;
}
/** Aligns the file's entries with the signed index and names every difference; returns the file chain's own verdict. */
async function diagnoseStream(view, rawEntries, problem, hash) {
	const { stream, index } = view;
	const findings = [];
	const report = (p) => findings.push(p);
	const entries = rawEntries.map((raw, i) => parseEntry(raw, i, stream, report));
	const slotOfId = new Map();
	const slotOfHash = new Map();
	const linked = entries.flatMap((e, p) => e.canonical !== null && e.prevHash !== null ? [p] : []);
	const digests = await hash.hexAll(linked.map((p) => linkInput(entries[p].prevHash, entries[p].canonical)));
	const own = entries.map(() => null);
	linked.forEach((p, k) => own[p] = digests[k]);
	index.forEach((slot, i) => {
		if (slot.eventId !== null) slotOfId.set(slot.eventId, i);
		slotOfHash.set(slot.hash, i);
	});
	for (const [p, e] of entries.entries()) {
		if (e.canonical === null) continue;
		const digest = own[p];
		const signed = digest !== null && digest !== void 0 ? slotOfHash.get(digest) : void 0;
		const id = signed !== void 0 ? index[signed].eventId : null;
		e.canonicalEventId = id !== null && namesEventId(e.canonical, id) ? id : eventIdOf(e.canonical);
	}
	const assigned = entries.map(() => null);
	const taken = new Map();
	const duplicate = new Set();
	entries.forEach((e, p) => {
		const slot = (e.canonicalEventId !== null ? slotOfId.get(e.canonicalEventId) : void 0) ?? (e.fieldEventId !== null ? slotOfId.get(e.fieldEventId) : void 0) ?? (e.hash !== null ? slotOfHash.get(e.hash) : void 0);
		if (slot === void 0) return;
		if (taken.has(slot)) {
			duplicate.add(p);
			const s = index[slot];
			report({
				kind: "event-duplicated",
				stream,
				revision: s.revision,
				...s.eventId && { eventId: s.eventId },
				message: `${at(stream, s.revision, s.eventId ?? void 0)} appears more than once (again at position ${p})`
			});
			return;
		}
		assigned[p] = slot;
		taken.set(slot, p);
	});
	entries.forEach((e, p) => {
		if (assigned[p] !== null || duplicate.has(p) || e.revision === null) return;
		const slot = e.revision - view.firstRevision;
		if (slot >= 0 && slot < index.length && !taken.has(slot)) {
			assigned[p] = slot;
			taken.set(slot, p);
		}
	});
	index.forEach((slot, i) => {
		if (!taken.has(i)) report({
			kind: "event-removed",
			stream,
			revision: slot.revision,
			...slot.eventId && { eventId: slot.eventId },
			message: `${at(stream, slot.revision, slot.eventId ?? void 0)}${slot.withheld ? " (withheld)" : ""} was removed: the signed manifest lists it, the file does not hold it`
		});
	});
	entries.forEach((e, p) => {
		if (assigned[p] === null && !duplicate.has(p)) report({
			kind: "event-inserted",
			stream,
			...e.revision !== null && { revision: e.revision },
			...(e.canonicalEventId ?? e.fieldEventId) && { eventId: e.canonicalEventId ?? e.fieldEventId },
			message: `${stream} entry ${p}${e.revision !== null ? ` (revision ${e.revision})` : ""} is not in the signed manifest: inserted or forged`
		});
	});
	const order = entries.map((_, p) => p).filter((p) => assigned[p] !== null);
	const keep = longestIncreasing(order.map((p) => assigned[p]));
	const moved = new Set(order.filter((_, k) => !keep.has(k)));
	for (const k of order.keys()) {
		const p = order[k];
		if (!moved.has(p)) continue;
		const slot = index[assigned[p]];
		const before = k > 0 ? index[assigned[order[k - 1]]] : null;
		report({
			kind: "event-reordered",
			stream,
			revision: slot.revision,
			...slot.eventId && { eventId: slot.eventId },
			message: `${at(stream, slot.revision, slot.eventId ?? void 0)} is out of order: it was moved to position ${p}${before ? `, after revision ${before.revision}` : ", to the front"}`
		});
	}
	for (const [p, e] of entries.entries()) {
		const i = assigned[p];
		if (i === null || i === void 0) continue;
		const slot = index[i];
		const expectedPrev = i === 0 ? view.anchorHash : index[i - 1].hash;
		const where = () => at(stream, slot.revision, slot.eventId ?? void 0);
		const base = () => ({
			stream,
			revision: slot.revision,
			...slot.eventId && { eventId: slot.eventId }
		});
		const positional = view.firstRevision + p;
		if (e.revision !== slot.revision && !(moved.size > 0 && e.revision === positional)) report({
			kind: "event-revision-altered",
			...base(),
			message: `${where()}: its revision field says ${String(e.revision)}`
		});
		if (slot.withheld !== e.withheld) report(slot.withheld ? {
			kind: "withheld-content-present",
			...base(),
			message: `${where()} is withheld in the signed manifest, but the file carries content for it`
		} : {
			kind: "disclosed-content-missing",
			...base(),
			message: `${where()}: its content was removed from the file (the signed manifest discloses it)`
		});
		if (e.withheld || slot.withheld || e.canonical === null || e.prevHash === null) {
			if (e.hash !== slot.hash) report({
				kind: "event-hash-altered",
				...base(),
				message: `${where()}: its hash field (${e.hash ? short(e.hash) : "missing"}) differs from the signed ${short(slot.hash)}`
			});
			if (e.prevHash !== expectedPrev) report({
				kind: "event-link-altered",
				...base(),
				message: `${where()}: its prevHash (${e.prevHash ? short(e.prevHash) : "missing"}) is not the previous event's hash ${short(expectedPrev)}`
			});
			continue;
		}
		if (own[p] === slot.hash) {
			if (e.hash !== slot.hash) report({
				kind: "event-hash-altered",
				...base(),
				message: `${where()}: its hash field was altered (${e.hash ? short(e.hash) : "missing"}; the content hashes to the signed ${short(slot.hash)})`
			});
			if (e.fieldEventId !== slot.eventId) report({
				kind: "event-id-altered",
				...base(),
				message: `${where()}: its eventId field says ${String(e.fieldEventId)}`
			});
			continue;
		}
		if ((await hash.hexAll([linkInput(expectedPrev, e.canonical)]))[0] === slot.hash) {
			report({
				kind: "event-link-altered",
				...base(),
				message: `${where()}: its prevHash field was altered (${short(e.prevHash)}; the previous event's hash is ${short(expectedPrev)})`
			});
			if (e.hash !== slot.hash) report({
				kind: "event-hash-altered",
				...base(),
				message: `${where()}: its hash field was altered as well`
			});
			if (e.fieldEventId !== slot.eventId) report({
				kind: "event-id-altered",
				...base(),
				message: `${where()}: its eventId field says ${String(e.fieldEventId)}`
			});
			continue;
		}
		const recomputed = own[p];
		report({
			kind: "event-modified",
			...base(),
			message: `${where()} was modified: its content hashes to ${short(recomputed)}, the signed manifest records ${short(slot.hash)}${e.hash === recomputed ? " (its hash field was rewritten to match)" : ""}`
		});
	}
	let chain = { intact: true };
	let prev = view.anchorHash;
	for (const [p, e] of entries.entries()) {
		const expected = view.firstRevision + p;
		const problemAt = e.revision !== expected ? `expected revision ${expected}, found ${String(e.revision)}` : e.prevHash !== prev ? "prevHash does not match the previous event's hash" : e.hash === null ? "no hash" : !e.withheld && (e.canonical === null || own[p] !== e.hash) ? "content does not hash to its hash" : null;
		if (problemAt !== null) {
			chain = {
				intact: false,
				revision: e.revision ?? expected,
				detail: problemAt
			};
			break;
		}
		prev = e.hash;
	}
	const ordered = findings.map((p, i) => [p, i]).sort(([a, i], [b, j]) => (a.revision ?? Number.MAX_SAFE_INTEGER) - (b.revision ?? Number.MAX_SAFE_INTEGER) || i - j);
	for (const [p] of ordered) problem(p);
	if (findings.length === 0) {
		if (!chain.intact) problem({
			kind: "chain-broken",
			stream,
			...chain.revision !== null && { revision: chain.revision },
			message: `${stream}: the chain breaks at revision ${String(chain.revision)}: ${chain.detail}`
		});
		else if (entries.length !== view.events) problem({
			kind: "count-mismatch",
			stream,
			message: `${stream}: ${entries.length} events in the file, ${view.events} in the signed manifest`
		});
		else if ((entries.at(-1)?.hash ?? view.anchorHash) !== view.headHash) problem({
			kind: "head-mismatch",
			stream,
			message: `${stream}: the head hash differs from the signed ${short(view.headHash)}`
		});
	}
	return chain;
}
/** A readable multi-line report for people (the CLI prints it). */
function formatVerificationReport(report, source) {
	const lines = [];
	lines.push(`Bundle     ${report.bundleId ?? "(unknown)"}${source ? `  [${source}]` : ""}`);
	lines.push(`Format     ${report.format ?? "(not a bundle)"}${report.kind ? `, ${report.kind}` : ""}`);
	if (report.negotiationId) lines.push(`Negotiation ${report.negotiationId}`);
	if (report.generatedAt) lines.push(`Generated  ${report.generatedAt}${report.generatedBy ? ` by ${report.generatedBy.subject} (${report.generatedBy.role})` : ""}`);
	const s = report.signature;
	const trust = s.trusted === null ? "no trusted key given: compare this fingerprint with the one the records office publishes" : s.trusted ? "signed by a trusted key" : "NOT signed by a trusted key";
	lines.push(`Signature  ${s.algorithm ?? "-"} ${s.valid ? "valid" : "INVALID"}; key ${s.fingerprint ?? "(unreadable)"}`);
	lines.push(`           ${trust}`);
	if (report.streams.length > 0) {
		lines.push("Streams");
		const width = Math.max(...report.streams.map((v) => v.stream.length));
		for (const v of report.streams) {
			const chain = v.chain.intact ? "chain intact" : `chain broken at revision ${String(v.chain.revision)}`;
			lines.push(`  ${v.stream.padEnd(width)}  ${String(v.events).padStart(4)} events (${v.withheld} withheld, ${v.found} in file)  head ${v.headHash.slice(0, 16)}…  ${chain}  ${v.intact ? "ok" : "NOT INTACT"}`);
		}
	}
	if (report.sections.length > 0) {
		const bad = report.sections.filter((x) => !x.intact).map((x) => x.name);
		lines.push(`Sections   ${report.sections.length - bad.length} of ${report.sections.length} match the manifest${bad.length > 0 ? `; modified or missing: ${bad.join(", ")}` : ""}`);
	}
	const c = report.checkpoint;
	if (c) lines.push(`Checkpoint ${c.file ?? "(unreadable)"} of ${c.at ?? "(unknown)"}: ${c.proven} of ${c.heads} stream head(s) proven and held by the file${c.intact ? "" : "; NOT INTACT against the checkpoint"}`);
	if (report.problems.length > 0) {
		lines.push(`Problems (${report.problems.length})`);
		for (const p of report.problems) lines.push(`  - [${p.kind}] ${p.message}`);
	}
	lines.push(report.intact ? "Result     INTACT" : "Result     NOT INTACT");
	return `${lines.join("\n")}\n`;
}
// apps/cli/src/usage-error.ts
/** Bad input to a command. The CLI prints its one-line message and exits with status 2. */
var UsageError = class extends Error {
	constructor(message) {
		super(message);
		this.name = "UsageError";
	}
};
// apps/cli/src/commands/verify.command.ts
/** A bundle that does not verify: the report is printed; main prints this line and exits 1. */
var BundleNotIntact = class extends Error {
	constructor(report) {
		super(notIntactSummary(report));
		this.report = report;
		this.name = "BundleNotIntact";
	}
};
/** node:crypto's SHA-256: synchronous, so the verifier hashes a stream's links without a promise each (the browser uses WebCrypto's). */
const nodeSha256 = (parts) => {
	const hash = createHash("sha256");
	for (const part of parts) hash.update(part);
	return hash.digest("hex");
};
/**
* Verifies a bundle file offline (no configuration, no database) and writes the report: the JSON,
* or the PDF rendering, which carries the JSON attached.
* Resolves to the exit status: 0 intact, 1 not. Unreadable input is a UsageError (exit 2).
* The standalone verify-bundle.mjs runs this same function (apps/cli/src/standalone/verify-bundle.ts).
*/
async function verifyBundleFile(path, options, write) {
	let read;
	try {
		read = await readBundleFile(await readInput(path, "bundle"), path, { sha256: nodeSha256 });
	} catch (error) {
		if (error instanceof BundleUnreadable) throw new UsageError(`verify: ${error.message}`);
		throw error;
	}
	const trustedKeys = [];
	for (const file of options.trustedKeyFiles ?? []) trustedKeys.push(new TextDecoder().decode(await readInput(file, "trusted key")));
	let report;
	try {
		report = await verifyBundle(read.bundle, {
			...trustedKeys.length > 0 && { trustedKeys },
			sha256: nodeSha256
		});
	} catch (error) {
		if (error instanceof BundleKeyInvalid) throw new UsageError(`verify: --trusted-key: ${error.message}`);
		throw error;
	}
	write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerificationReport(report, read.source));
	return {
		exitCode: report.intact ? 0 : 1,
		report
	};
}
async function readInput(path, what) {
	try {
		return await readFile(path);
	} catch (error) {
		const code = error.code;
		throw new UsageError(`verify: cannot read ${what} ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : error.message}`);
	}
}
// apps/cli/src/standalone/verify-bundle.ts
const USAGE = `usage: node verify-bundle.mjs <bundle.json> [--trusted-key <public-key.pem>]... [--json]

Verifies a signed lrr-bundle/1 file (an audit file or a public-records export of the labor
relations record) offline: its Ed25519 signature, the hash of every section and every event of
every stream's hash chain. Exit status 0: intact; 1: not intact; 2: the input cannot be used.
  --trusted-key <pem>  the records office's published public key; the bundle must be signed by it (repeatable)
  --json               print the report as JSON
`;
async function main(argv) {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...argv],
			allowPositionals: true,
			options: {
				"trusted-key": {
					type: "string",
					multiple: true
				},
				json: { type: "boolean" },
				help: {
					type: "boolean",
					short: "h"
				}
			}
		});
	} catch (error) {
		process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
		return 2;
	}
	if (parsed.values.help) {
		process.stdout.write(USAGE);
		return 0;
	}
	if (parsed.positionals.length !== 1) {
		process.stderr.write(`error: ${parsed.positionals.length === 0 ? "missing the bundle file" : "one bundle file at a time"}\n${USAGE}`);
		return 2;
	}
	try {
		const { exitCode, report } = await verifyBundleFile(parsed.positionals[0], {
			trustedKeyFiles: parsed.values["trusted-key"] ?? [],
			json: parsed.values.json ?? false
		}, (text) => process.stdout.write(text));
		if (exitCode !== 0) throw new BundleNotIntact(report);
		return 0;
	} catch (error) {
		process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
		return error instanceof UsageError ? 2 : 1;
	}
}
process.exitCode = await main(process.argv.slice(2));
export {};
