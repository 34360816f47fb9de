package com.onceteller.branch.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, unpadded Base64), with the OWASP Password Storage
 * Cheat Sheet's minimum parameters: 19 MiB of memory, 2 iterations, 1 lane; 16-byte random salt,
 * 32-byte hash. A stored hash carries its parameters, so raising them later leaves old hashes
 * verifiable. Verification compares in constant time.
 */
public final class PasswordHasher {

  public static final int MEMORY_KIB = 19 * 1024;
  public static final int ITERATIONS = 2;
  public static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private static final Pattern PHC =
      Pattern.compile(
          "^\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})$");

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();

  /** A new hash of {@code password} with a fresh salt. */
  public String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] h = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m="
        + MEMORY_KIB
        + ",t="
        + ITERATIONS
        + ",p="
        + PARALLELISM
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(h);
  }

  /** True when {@code password} matches {@code stored}; false for a malformed stored hash. */
  public boolean verify(char[] password, String stored) {
    if (stored == null) {
      return false;
    }
    Matcher m = PHC.matcher(stored);
    if (!m.matches()) {
      return false;
    }
    int memory = Integer.parseInt(m.group(1));
    int iterations = Integer.parseInt(m.group(2));
    int lanes = Integer.parseInt(m.group(3));
    if (memory < 8 * lanes || iterations < 1 || lanes < 1) {
      return false;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual = derive(password, salt, memory, iterations, lanes, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /**
   * Spends the time of one verification without a user, so a sign-on for a user id that does not
   * exist takes as long as one with a wrong password (the answer must not tell them apart).
   */
  public void verifyNothing(char[] password) {
    verify(password, DUMMY);
  }

  private static final String DUMMY =
      "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private static byte[] derive(
      char[] password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(lanes)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] pw = toUtf8(password);
    byte[] out = new byte[length];
    try {
      gen.generateBytes(pw, out);
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
    return out;
  }

  private static byte[] toUtf8(char[] password) {
    var buf = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
    byte[] b = new byte[buf.remaining()];
    buf.get(b);
    if (buf.hasArray()) {
      Arrays.fill(buf.array(), (byte) 0);
    }
    return b;
  }

  /**
   * A message saying why {@code password} is not acceptable as a new password, or null. PCI DSS
   * 8.3.6: at least 12 characters, with letters and digits; at most 128 (a bound on the work).
   */
  public static String passwordProblem(char[] password) {
    if (password == null || password.length < 12) {
      return "A password has at least 12 characters.";
    }
    if (password.length > 128) {
      return "A password has at most 128 characters.";
    }
    boolean letter = false;
    boolean digit = false;
    for (char c : password) {
      letter |= Character.isLetter(c);
      digit |= Character.isDigit(c);
      if (Character.isISOControl(c)) {
        return "A password may not contain control characters.";
      }
    }
    if (!letter || !digit) {
      return "A password holds both letters and digits.";
    }
    return null;
  }
}
