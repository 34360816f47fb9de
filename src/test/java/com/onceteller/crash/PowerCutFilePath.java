package com.onceteller.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.ArrayList;
import java.util.List;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * A simulated power cut for H2, through its pluggable file system ({@code jdbc:h2:powercut:…}). A
 * SIGKILL keeps every write the operating system accepted; a power cut keeps only what was forced
 * to the device. This wrapper remembers, for every file H2 has open, what each write and truncation
 * since the last completed {@code force} overwrote. At the chosen write it "cuts the power": every
 * unsynced change is undone on disk, newest first (optionally the write in progress lands half, a
 * torn block), and the process halts on the spot — no shutdown hook, no flush, no further byte. The
 * next start then finds the file exactly as a machine that lost power at that moment would have
 * left it (on a disk that reorders nothing that was synced).
 */
public final class PowerCutFilePath extends FilePathWrapper {

  static final String SCHEME = "powercut";

  private static final Object LOCK = new Object();
  private static final List<CutFile> OPEN = new ArrayList<>();
  private static long writesLeft = Long.MAX_VALUE;
  private static boolean tear;
  private static Runnable beforeHalt = () -> {};

  /**
   * Registers the scheme; the power goes off at write number {@code cutAtWrite} (counted over every
   * file opened through it), with the write in progress half applied when {@code tearLastWrite}.
   */
  public static void register(long cutAtWrite, boolean tearLastWrite, Runnable beforeHalt) {
    synchronized (LOCK) {
      writesLeft = cutAtWrite;
      tear = tearLastWrite;
      PowerCutFilePath.beforeHalt = beforeHalt;
    }
    FilePath.register(new PowerCutFilePath());
  }

  /** The power goes off at the next write. */
  static void cutAtNextWrite() {
    synchronized (LOCK) {
      writesLeft = 1;
    }
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    FileChannel base = super.open(mode);
    CutFile f = new CutFile(base, name);
    synchronized (LOCK) {
      OPEN.add(f);
    }
    return f;
  }

  /** What one unsynced change overwrote: the bytes and the file size before it. */
  private record Undo(long position, byte[] before, long sizeBefore) {}

  private static final class CutFile extends FileBase {
    private final FileChannel channel;
    private final String name;
    private final List<Undo> unsynced = new ArrayList<>();

    CutFile(FileChannel channel, String name) {
      this.channel = channel;
      this.name = name;
    }

    @Override
    public void implCloseChannel() throws IOException {
      synchronized (LOCK) {
        OPEN.remove(this);
      }
      channel.close();
    }

    @Override
    public long position() throws IOException {
      return channel.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      channel.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return channel.read(dst);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return channel.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return write(src, channel.position());
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      synchronized (LOCK) {
        if (--writesLeft <= 0) {
          cut(this, src, position);
        }
        remember(position, src.remaining());
        int n = channel.write(src, position);
        if (position + n > channel.position()) {
          channel.position(position + n);
        }
        return n;
      }
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      synchronized (LOCK) {
        long current = channel.size();
        if (size < current) {
          remember(size, (int) Math.min(Integer.MAX_VALUE, current - size));
        }
        channel.truncate(size);
        return this;
      }
    }

    @Override
    public void force(boolean metaData) throws IOException {
      synchronized (LOCK) {
        channel.force(metaData);
        unsynced.clear(); // on the device now: a power cut no longer takes it away
      }
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return channel.tryLock(position, size, shared);
    }

    private void remember(long position, int length) throws IOException {
      long size = channel.size();
      int existing = (int) Math.max(0, Math.min(length, size - position));
      ByteBuffer before = ByteBuffer.allocate(existing);
      while (before.hasRemaining()) {
        if (channel.read(before, position + before.position()) < 0) {
          break;
        }
      }
      unsynced.add(new Undo(position, before.array(), size));
    }

    /** Undoes every unsynced change of this file, newest first. */
    private void revert() throws IOException {
      for (int i = unsynced.size() - 1; i >= 0; i--) {
        Undo u = unsynced.get(i);
        channel.write(ByteBuffer.wrap(u.before()), u.position());
        channel.truncate(u.sizeBefore());
      }
      unsynced.clear();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The power goes off: unsynced changes vanish (the current write may tear), then nothing. */
  private static void cut(CutFile writing, ByteBuffer current, long position) throws IOException {
    for (CutFile f : OPEN) {
      f.revert();
    }
    if (tear && current.remaining() > 512) {
      // The device wrote the first sectors of the write in progress and then lost power.
      ByteBuffer half = current.duplicate();
      half.limit(half.position() + (current.remaining() / 2 / 512) * 512);
      writing.channel.write(half, position);
    }
    for (CutFile f : OPEN) {
      f.channel.force(true);
    }
    beforeHalt.run();
    Runtime.getRuntime().halt(99);
  }
}
