//! The snapshot file: a fixed header, then the postcard payload (`record.rs`).
//!
//! ```text
//! 0   8  magic  "CMSNAP\r\n" (the CR-LF catches a copy through a text-mode tool)
//! 8   4  format (record::FORMAT), little-endian
//! 12  4  schema (record::schema(): the enums' variants)
//! 16  8  payload length in bytes
//! 24  4  CRC-32 of the whole payload
//! 28  …  payload
//! ```
//!
//! Written to a temporary file in the same folder, fsynced, then renamed over the old one (and the
//! folder fsynced): a reader sees the old snapshot or the new one, never half of one. A file cut short
//! anyway (a copy, a full disk before the rename) fails the length or the checksum.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::record::{FORMAT, PayloadIn, PayloadOut, schema};

const MAGIC: [u8; 8] = *b"CMSNAP\r\n";
const HEADER: usize = 28;

/// Why a snapshot file cannot be used, whatever the database says.
#[derive(Debug, thiserror::Error)]
pub enum Unreadable {
    #[error("cannot read it: {0}")]
    Io(#[from] io::Error),
    #[error("not a CareMap snapshot (no header)")]
    Magic,
    #[error("format {0}; this build reads format {FORMAT}")]
    Format(u32),
    #[error("written by a build with other facility kinds, services or enums")]
    Schema,
    #[error("cut short or padded: the header says {expected} bytes of payload, the file holds {found}")]
    Length { expected: u64, found: u64 },
    #[error("checksum mismatch: the file is damaged")]
    Checksum,
    #[error("cannot decode the payload: {0}")]
    Decode(#[from] postcard::Error),
}

/// The longest text a record may hold, in bytes: postcard reads each string through a buffer this size
/// when streaming (a longer one fails the decode, and the database is read instead).
const LONGEST_TEXT: usize = 1 << 20;

/// Read and check `path`. `Io` with `NotFound` means there is no snapshot.
///
/// Streamed twice through a small buffer (the checksum first, so nothing damaged is decoded; then the
/// records, straight into their `Arc`s) rather than read whole: a copy of the file in memory was
/// 100 MB more at the peak at a million facilities, and fresh memory is much of a start's cost (the
/// kernel clears every new page).
pub fn read(path: &Path) -> Result<PayloadIn, Unreadable> {
    let mut file = File::open(path)?;
    let mut head = [0u8; HEADER];
    file.read_exact(&mut head).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => Unreadable::Magic,
        _ => Unreadable::Io(e),
    })?;
    let word = |at: usize| u32::from_le_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    if head[..8] != MAGIC {
        return Err(Unreadable::Magic);
    }
    if word(8) != FORMAT {
        return Err(Unreadable::Format(word(8)));
    }
    if word(12) != schema() {
        return Err(Unreadable::Schema);
    }
    let expected = u64::from(word(16)) | (u64::from(word(20)) << 32);
    let found = file.metadata()?.len().saturating_sub(HEADER as u64);
    if expected != found {
        return Err(Unreadable::Length { expected, found });
    }
    let mut crc = crc32fast::Hasher::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => crc.update(&buffer[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    if crc.finalize() != word(24) {
        return Err(Unreadable::Checksum);
    }
    drop(buffer);
    file.seek(SeekFrom::Start(HEADER as u64))?;
    let mut text = vec![0u8; LONGEST_TEXT];
    let (payload, _) = postcard::from_io((BufReader::with_capacity(1 << 20, file), &mut text[..]))?;
    Ok(payload)
}

/// Write `payload` to `path` atomically; returns the file's size.
pub fn write(path: &Path, payload: &PayloadOut) -> io::Result<u64> {
    // Named per process: two servers on one database (one default path) never write one temporary file.
    let temp = temp_path(path);
    let written = write_synced(&temp, payload).and_then(|size| {
        std::fs::rename(&temp, path)?;
        sync_folder(path)?;
        Ok(size)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".tmp-{}", std::process::id()));
    PathBuf::from(name)
}

fn write_synced(temp: &Path, payload: &PayloadOut) -> io::Result<u64> {
    let mut file = File::create(temp)?;
    // The header's length and checksum are filled in once the payload is written.
    file.write_all(&[0; HEADER])?;
    // Streamed: no copy of the whole payload in memory. The checksum sees the buffer's large writes.
    let out = BufWriter::with_capacity(1 << 20, Summing { file, crc: crc32fast::Hasher::new(), len: 0 });
    let out = postcard::to_io(payload, out).map_err(io::Error::other)?;
    let Summing { mut file, crc, len } = out.into_inner().map_err(|e| e.into_error())?;
    let mut head = [0u8; HEADER];
    head[..8].copy_from_slice(&MAGIC);
    head[8..12].copy_from_slice(&FORMAT.to_le_bytes());
    head[12..16].copy_from_slice(&schema().to_le_bytes());
    head[16..24].copy_from_slice(&len.to_le_bytes());
    head[24..28].copy_from_slice(&crc.finalize().to_le_bytes());
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&head)?;
    file.sync_all()?;
    Ok(HEADER as u64 + len)
}

/// The rename itself is durable only once the folder is synced.
fn sync_folder(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        File::open(folder)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// A writer that keeps the CRC-32 and length of what passes through it.
struct Summing {
    file: File,
    crc: crc32fast::Hasher,
    len: u64,
}

impl Write for Summing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.crc.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}
