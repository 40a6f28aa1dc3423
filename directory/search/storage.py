"""How the index's files are opened and written: Whoosh's storage with three of its habits corrected.

- Reading: Whoosh maps a compound segment file into memory and then copies each part it opens (postings, terms,
  stored fields, columns) into a private BytesIO, so every web process held a copy of the whole index: about
  150 MB per worker at 100,000 listings. Here each part reads with pread from the file, so the data stays in the
  kernel's page cache, shared by every process, and out of each worker's memory. As with Whoosh's own parts,
  reads at a position (`get`, which postings, columns and stored fields use) move no shared file position, so
  the threads of a worker can read one part at once; streamed reads go through a small buffer.
- Whoosh looks for a field-length column on disk for every posting of a field without lengths (ours).
- Whoosh's postings matcher reads each block's header by moving the postings file's one shared position (seek,
  then read); here it reads at the header's position, so threads walking one segment's postings at once do not
  read one another's blocks.
- Whoosh names segments with the `random` module, which tests and forking servers may seed alike.
"""

from __future__ import annotations

import io
import os
import pickle
from array import array

from whoosh import index as whoosh_index
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.system import IS_LITTLE

READ_BUFFER = 4096  # bytes each open part of a segment buffers for streamed reads (postings block headers, terms)


class FileRange(io.RawIOBase):
    """A read-only file over `length` bytes of an open file from `start`, read with pread on a descriptor of its
    own (so it is safe however the others are moved, and closes only itself)."""

    def __init__(self, fd: int, start: int, length: int):
        super().__init__()
        self._fd = os.dup(fd)
        self._start, self._length, self._position = start, length, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        wanted = min(len(buffer), self._length - self._position)
        if wanted <= 0:
            return 0
        with memoryview(buffer) as view:
            got = os.preadv(self._fd, [view[:wanted]], self._start + self._position)
        self._position += got
        return got

    def seek(self, position: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._length}[whence]
        if base + position < 0:
            raise ValueError("negative seek position")
        self._position = base + position
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()


class PartFile(StructFile):
    """One part of a compound segment file: `get` reads at a position with pread (no shared position: safe for
    threads), and streamed reads go through a buffer."""

    def __init__(self, fd: int, start: int, length: int, name: str):
        self._range = FileRange(fd, start, length)
        super().__init__(io.BufferedReader(self._range, buffer_size=READ_BUFFER), name=name)
        self._fd, self._start, self._length = self._range._fd, start, length

    def get(self, position: int, length: int) -> bytes:
        if self._range.closed:  # its descriptor number may already belong to another file
            raise ValueError(f"{self._name} is closed")
        length = max(0, min(length, self._length - position))
        return os.pread(self._fd, length, self._start + position)

    def get_array(self, position: int, typecode: str, length: int) -> array:
        values = array(typecode)
        values.frombytes(self.get(position, length * values.itemsize))
        if IS_LITTLE:  # Whoosh writes arrays big-endian
            values.byteswap()
        return values


def _open_part(self, name, *args, **kwargs):
    """CompoundStorage.open_file for a compound file opened without a memory map: a PartFile per part."""
    if self._source is not None or self._file is None:
        return _whoosh_open_part(self, name, *args, **kwargs)
    start, length = self.range(name)
    return PartFile(self._file.fileno(), start, length, name)


_whoosh_open_part = CompoundStorage.open_file
if getattr(_whoosh_open_part, "__name__", "") != "_open_part":
    CompoundStorage.open_file = _open_part


def storage(directory) -> FileStorage:
    """The storage of one index directory, without memory maps (see the module's docstring)."""
    return FileStorage(str(directory), supports_mmap=False)


def open_dir(directory):
    return whoosh_index.FileIndex(storage(directory))


def create_in(directory, schema):
    return storage(directory).create_index(schema)


def _remember_missing_length_columns() -> None:
    """Whoosh 2.7 looks for a field-length column file on disk for every posting of a field without lengths
    (our unscored fields), because it caches only columns that exist: one stat() per posting, about 40% of the
    build. A finished segment's files never change, so remembering "absent" too is safe."""
    from whoosh.codec import whoosh3

    original = whoosh3.W3PerDocReader._cached_reader
    if getattr(original, "remembers_missing", False):
        return

    def cached_reader(self, fieldname, column):
        if fieldname not in self._readers:
            self._readers[fieldname] = original(self, fieldname, column)
        return self._readers[fieldname]

    cached_reader.remembers_missing = True
    whoosh3.W3PerDocReader._cached_reader = cached_reader


def _segment_ids_from_os_randomness() -> None:
    """Whoosh names each new segment with the `random` module. Anything that seeds that module (Hypothesis does,
    for every example; so might a worker that forks with the parent's state) makes two writers pick the same
    name, and the second commit fails on the first's files. Segment names come from os.urandom instead."""
    from whoosh.codec.base import Segment

    if getattr(Segment._random_id, "uses_os_randomness", False):
        return
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

    def random_id(cls, size=16):
        return "".join(alphabet[byte % len(alphabet)] for byte in os.urandom(size))

    random_id.uses_os_randomness = True
    Segment._random_id = classmethod(random_id)


BLOCK_INFO_READ = 256  # bytes read for a postings block's header: its length and a small pickled tuple


def _block_header(postfile: PartFile, position: int) -> tuple[int, tuple, int]:
    """(length, info tuple, offset of the block's data) of the postings block at `position`, read at that position
    (a length of 4 bytes, then the pickled info; a longer pickle than expected is read again whole)."""
    size = BLOCK_INFO_READ
    while True:
        raw = postfile.get(position, size)
        header = io.BytesIO(raw[4:])
        try:
            info = pickle.load(header)
        except (EOFError, pickle.UnpicklingError):
            if len(raw) < size:  # the whole rest of the file was read: a real error
                raise
            size *= 4
            continue
        return int.from_bytes(raw[:4], "big", signed=True), info, position + 4 + header.tell()


def _positioned_postings_reads() -> None:
    """Whoosh 2.7's W3LeafMatcher reads a block header with seek, read_int, read_pickle and tell on the segment's
    postings file, which every matcher of the segment shares: two threads walking postings at once moved each
    other's position, and one read another block's bytes (`invalid load key`, `incomplete or truncated stream`:
    a few 500s whenever gunicorn restarted a worker and the other took all the load). On our PartFile the header
    is read at its position instead, as the block's data already is (`get`)."""
    from whoosh.codec import whoosh3

    matcher = whoosh3.W3LeafMatcher
    if getattr(matcher._goto, "positioned", False):
        return
    goto, read_header = matcher._goto, matcher._read_header

    def positioned_read_header(self):
        if not isinstance(self._postfile, PartFile):
            return read_header(self)
        if self._postfile.get(self._startoffset, 4) != whoosh3.WHOOSH3_HEADER_MAGIC:
            raise Exception("Block tag error")
        self._baseoffset = self._startoffset + 4

    def positioned_goto(self, position):
        if not isinstance(self._postfile, PartFile):
            return goto(self, position)
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        length, info, self._dataoffset = _block_header(self._postfile, position)
        self._lastblock = length < 0
        self._nextoffset = position + 4 + abs(length)
        self._blocklength, self._maxid, self._maxweight, self._compression, mnlen, mxlen = info
        self._minlength = whoosh3.byte_to_length(mnlen)
        self._maxlength = whoosh3.byte_to_length(mxlen)

    positioned_goto.positioned = True
    matcher._goto, matcher._read_header = positioned_goto, positioned_read_header


_remember_missing_length_columns()
_segment_ids_from_os_randomness()
_positioned_postings_reads()
