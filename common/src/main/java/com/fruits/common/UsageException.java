package com.fruits.common;

/** A user mistake (bad flag, missing path): printed as one sentence with exit code 2, no stack trace. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
