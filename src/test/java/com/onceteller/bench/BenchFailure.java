package com.onceteller.bench;

/** A correctness check failed (a key posted twice, money not conserved, a wrong answer). */
final class BenchFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchFailure(String message) {
    super(message);
  }
}
