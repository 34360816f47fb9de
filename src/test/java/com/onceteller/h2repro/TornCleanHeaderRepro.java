package com.onceteller.h2repro;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The second H2 behaviour behind a lost posting, found by the simulated power cut; fit to report
 * upstream (H2 alone). A clean close appends a last chunk and then rewrites the store header
 * (blocks 0 and 1, marked {@code clean}) without a sync in between. If the power goes off while
 * that header is written, block 0 may hold the new clean header — naming a last chunk that never
 * reached the disk — while block 1 still holds an older header. {@code
 * RandomAccessStore.readStoreHeader} then takes the older copy's chunk but keeps the {@code clean}
 * flag it merged from the newer copy, trusts the file as cleanly closed, and opens at the older
 * chunk: every commit after it — synced, on disk — is invisible.
 *
 * <p>The reproducer builds that file: commits, a sync, a first header (as H2 writes when a store is
 * opened again and changed), more synced commits, a clean close; then it puts the older header back
 * into block 1 and cuts the file just before the last chunk, as a power cut can leave it.
 */
public final class TornCleanHeaderRepro {

  /** What a reopened store sees: the last commit it finds, and the last one that was synced. */
  public record Result(int lastSynced, int seen) {}

  private TornCleanHeaderRepro() {}

  public static void main(String[] args) throws Exception {
    Result r = run(Files.createTempDirectory("h2-torn-clean-header"));
    System.out.printf(
        "synced up to commit %d; the file opens at commit %d%n", r.lastSynced(), r.seen());
  }

  public static Result run(Path dir) throws Exception {
    Path file = dir.resolve("store.mv.db");
    // First life: a few commits, closed cleanly (header names its last chunk, clean).
    try (MVStore s = open(file)) {
      MVMap<Integer, Integer> m = s.openMap("data");
      for (int v = 1; v <= 3; v++) {
        m.put(0, v);
        s.commit();
      }
    }
    // Second life: the first commit rewrites the header (no longer clean); that header is the
    // older copy a torn write leaves in block 1.
    byte[] olderHeader;
    long sizeBeforeClose;
    int lastSynced;
    try (MVStore s = open(file)) {
      s.setReuseSpace(false);
      MVMap<Integer, Integer> m = s.openMap("data");
      m.put(0, 4);
      s.commit();
      s.sync();
      olderHeader = readBlock(file, 0);
      for (int v = 5; v <= 20; v++) {
        m.put(0, v);
        s.commit();
        s.sync(); // each of these is on the disk: a power cut cannot take them
      }
      lastSynced = 20;
      sizeBeforeClose = Files.size(file);
      m.put(0, 21); // closing stores this in a last chunk and writes a clean header naming it
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(olderHeader), 4096); // block 1: the older header survived
      ch.truncate(sizeBeforeClose); // the close's last chunk never reached the disk
    }
    try (MVStore s = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
      Integer seen = s.<Integer, Integer>openMap("data").get(0);
      return new Result(lastSynced, seen == null ? 0 : seen);
    }
  }

  private static MVStore open(Path file) {
    return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
  }

  private static byte[] readBlock(Path file, long block) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(4096);
      ch.read(b, block * 4096);
      return b.array();
    }
  }
}
