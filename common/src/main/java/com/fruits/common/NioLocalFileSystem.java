package com.fruits.common;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FSLinkResolver;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code fs.file.impl}, set by the suite's commands) that reads and sets
 * permissions through java.nio where Hadoop's native library is missing, as it is outside a cluster:
 * Hadoop then forks {@code chmod}, {@code ls -ld} or {@code readlink} for every file it creates or checks
 * (137 processes for one small {@code pipeline --incremental} batch, about 10 ms each). With the native
 * library (EMR, Hadoop's own builds), Hadoop's own code runs, unchanged.
 */
public class NioLocalFileSystem extends LocalFileSystem {
    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (checksum-less) side, where the permission calls land. */
    static class Raw extends RawLocalFileSystem {
        private static boolean nio() {
            return !NativeIO.isAvailable();
        }

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (!nio() || permission.getStickyBit()) {
                super.setPermission(p, permission);
                return;
            }
            try {
                Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(permission.toString()));
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException("File " + p + " does not exist");
            } catch (UnsupportedOperationException e) { // not a POSIX file system
                super.setPermission(p, permission);
            }
        }

        @Override
        public FileStatus getFileStatus(Path f) throws IOException {
            if (!nio()) {
                return super.getFileStatus(f);
            }
            PosixFileAttributes attributes = attributes(f);
            return attributes == null ? super.getFileStatus(f) : status(f, attributes, null);
        }

        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            if (!nio()) {
                return super.getFileLinkStatus(f);
            }
            // Hadoop's own reads the link at f.toString(), which for a qualified path ("file:/...") names no
            // file: such a path is never taken for a link. Kept as it is, for the same renames and checks.
            java.nio.file.Path file = new java.io.File(f.toString()).toPath();
            if (!Files.isSymbolicLink(file)) {
                return getFileStatus(f);
            }
            Path target = new Path(Files.readSymbolicLink(file).toString());
            FileStatus link;
            try {
                PosixFileAttributes attributes = attributes(f);
                if (attributes == null) {
                    return super.getFileLinkStatus(f);
                }
                link = status(f, attributes, target); // the target's attributes, as Hadoop's own gives
            } catch (FileNotFoundException e) { // a dangling link
                link = new FileStatus(0, false, 0, 0, 0, 0, FsPermission.getDefault(), "", "", target, f);
            }
            link.setSymlink(FSLinkResolver.qualifySymlinkTarget(getUri(), link.getPath(), link.getSymlink()));
            return link;
        }

        /** The file's attributes, following links; null where the file system has no POSIX view. */
        private PosixFileAttributes attributes(Path f) throws IOException {
            try {
                return Files.readAttributes(pathToFile(f).toPath(), PosixFileAttributes.class);
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException("File " + f + " does not exist");
            } catch (UnsupportedOperationException e) {
                return null;
            }
        }

        private FileStatus status(Path f, PosixFileAttributes a, Path symlink) {
            FsPermission permission = FsPermission.valueOf("-" + PosixFilePermissions.toString(a.permissions()));
            Path qualified = f.makeQualified(getUri(), getWorkingDirectory());
            return new FileStatus(a.size(), symlink == null && a.isDirectory(), 1, getDefaultBlockSize(f),
                    a.lastModifiedTime().toMillis(), a.lastAccessTime().toMillis(), permission, a.owner().getName(),
                    a.group().getName(), symlink, symlink == null ? qualified : f);
        }
    }
}
