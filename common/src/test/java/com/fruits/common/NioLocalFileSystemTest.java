package com.fruits.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java.nio permission calls give what Hadoop's own local file system gives, without a process per call. */
class NioLocalFileSystemTest {
    @TempDir
    Path tmp;
    private NioLocalFileSystem fs;
    private RawLocalFileSystem hadoops;

    @BeforeEach
    void open() throws Exception {
        Configuration conf = new Configuration(false);
        fs = new NioLocalFileSystem();
        fs.initialize(java.net.URI.create("file:///"), conf);
        hadoops = new RawLocalFileSystem();
        hadoops.initialize(java.net.URI.create("file:///"), conf);
    }

    @Test
    void createsFoldersAndFilesWithTheirPermissionsAndReportsThemAsHadoopDoes() throws Exception {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("a/b").toUri());
        assertTrue(fs.mkdirs(dir, new FsPermission((short) 0750)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b"))));
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "part-0");
        try (OutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
            out.write(new byte[123]);
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b/part-0"))));
        fs.setPermission(file, new FsPermission((short) 0604));

        for (org.apache.hadoop.fs.Path path : new org.apache.hadoop.fs.Path[] {dir, file}) {
            FileStatus ours = fs.getFileStatus(path);
            FileStatus theirs = hadoops.getFileStatus(path);
            assertEquals(theirs.getPath(), ours.getPath());
            assertEquals(theirs.isDirectory(), ours.isDirectory());
            assertEquals(theirs.getPermission(), ours.getPermission());
            assertEquals(theirs.getOwner(), ours.getOwner());
            assertEquals(theirs.getGroup(), ours.getGroup());
            assertEquals(theirs.getModificationTime(), ours.getModificationTime());
            if (!ours.isDirectory()) {
                assertEquals(123, ours.getLen());
            }
        }
        assertEquals(new FsPermission((short) 0604), fs.getFileStatus(file).getPermission());
        assertThrows(FileNotFoundException.class, () -> fs.getFileStatus(new org.apache.hadoop.fs.Path(dir, "missing")));
    }

    @Test
    void aLinksStatusNamesItsTargetAsHadoopsDoes() throws Exception {
        Path target = Files.writeString(tmp.resolve("target.jpg"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve("link.jpg"), target);
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.jpg"), tmp.resolve("gone.jpg"));
        for (String p : new String[] {link.toString(), dangling.toString(), target.toString(), link.toUri().toString()}) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(p);
            FileStatus ours = fs.getFileLinkStatus(path);
            FileStatus theirs = hadoops.getFileLinkStatus(path);
            assertEquals(theirs.isSymlink(), ours.isSymlink(), p.toString());
            if (theirs.isSymlink()) {
                assertEquals(theirs.getSymlink(), ours.getSymlink());
                assertEquals(theirs.getLen(), ours.getLen());
            }
        }
        assertTrue(fs.getFileLinkStatus(new org.apache.hadoop.fs.Path(link.toString())).isSymlink());
        assertFalse(fs.getFileLinkStatus(new org.apache.hadoop.fs.Path(target.toString())).isSymlink());
    }
}
