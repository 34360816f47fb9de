package com.onceteller.h2repro;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A minimal reproducer of the H2 bug behind lost postings, fit to report upstream: it depends on
 * nothing but H2 (2.5.252 here; the code is the same on H2's main branch in 2026).
 *
 * <p>After each {@code commit()} and {@code sync()}, the store's file is copied — exactly what a
 * process kill (SIGKILL) leaves on disk — and the copy is opened. It should open at the commit just
 * made. With space reuse on (H2's default) it regularly opens one or more commits earlier: when a
 * chunk is written into a reused gap instead of where the previous chunk predicted, {@code
 * RandomAccessStore.writeChunk} rewrites the store header while {@code FileStore.lastChunk} still
 * names the previous chunk ({@code storeBuffer} sets it only after {@code writeChunk} returns), so
 * the header points at a chunk whose {@code next} does not lead to the new one, and recovery stops
 * there. Every commit until the next header write (up to 20 versions later) is invisible after a
 * crash. With {@code setReuseSpace(false)} every chunk is appended at the end of the file, where
 * recovery finds it without the header, and nothing is lost.
 *
 * <pre>
 * java -cp h2-2.5.252.jar:. com.onceteller.h2repro.InvisibleChunkRepro [reuseSpace] [seed] [commits]
 * </pre>
 */
public final class InvisibleChunkRepro {

  /** How many synced commits a crash copy did not show, and the first example. */
  public record Result(int commits, int invisible, String firstExample) {}

  private InvisibleChunkRepro() {}

  public static void main(String[] args) throws Exception {
    boolean reuse = args.length <= 0 || Boolean.parseBoolean(args[0]);
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    int commits = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    Result r = run(Files.createTempDirectory("h2-invisible-chunks"), reuse, seed, commits);
    System.out.printf(
        "reuseSpace=%s seed=%d: %d of %d synced commits invisible in a crash copy%s%n",
        reuse,
        seed,
        r.invisible(),
        r.commits(),
        r.firstExample() == null ? "" : "; first: " + r.firstExample());
  }

  public static Result run(Path dir, boolean reuseSpace, long seed, int commits) throws Exception {
    Path file = dir.resolve("store.mv.db");
    Path copy = dir.resolve("crash-copy.mv.db");
    Random random = new Random(seed);
    int invisible = 0;
    String first = null;
    try (MVStore store =
        new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
      store.setRetentionTime(0); // free space at once, so that gaps appear within a few commits
      store.setReuseSpace(reuseSpace);
      MVMap<Integer, byte[]> map = store.openMap("data");
      for (int v = 1; v <= commits; v++) {
        // Rows of random sizes make chunks of different lengths, so predictions miss.
        int rows = 1 + random.nextInt(40);
        for (int i = 0; i < rows; i++) {
          map.put(random.nextInt(2000), new byte[random.nextInt(3000)]);
        }
        map.put(-1, Integer.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        store.commit();
        store.sync();
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        int seen = lastCommitIn(copy);
        if (seen != v) {
          invisible++;
          if (first == null) {
            first =
                "commit "
                    + v
                    + " was synced, the crash copy opens at commit "
                    + seen
                    + " (store header "
                    + store.getFileStore().getStoreHeader()
                    + ")";
          }
        }
      }
    }
    return new Result(commits, invisible, first);
  }

  private static int lastCommitIn(Path copy) {
    try (MVStore c = new MVStore.Builder().fileName(copy.toString()).readOnly().open()) {
      MVMap<Integer, byte[]> map = c.openMap("data");
      byte[] marker = map.get(-1);
      return marker == null
          ? 0
          : Integer.parseInt(new String(marker, java.nio.charset.StandardCharsets.US_ASCII));
    }
  }
}
