package com.fruits.bench;

import com.fruits.common.CommandOptions;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.UsageException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

/**
 * {@code fruits photos}: phone-sized JPEGs made from Fruits-360 tiles for the benchmarks of the app's
 * workload (issue 22), when no real photos are at hand: each tile upscaled (bicubic) to {@code --size},
 * with sensor-like noise so that the JPEG's entropy, hence its decode time, is a photo's, written at a
 * phone's quality under the tile's label folder. The same tiles, size and seed give the same bytes.
 */
public class PhotosTool extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("photos",
            "Makes --limit phone-sized photos (--size, --quality, --noise) from the Fruits-360 tiles under --input,\n"
                    + "taking the labels in turn, into --output/<Label>/<name>.jpg: benchmark input for the app's workload.",
            List.of(RunConfigKeys.INPUT, RunConfigKeys.OUTPUT, RunConfigKeys.LIMIT, BenchConfigKeys.PHOTO_SIZE,
                    BenchConfigKeys.PHOTO_QUALITY, BenchConfigKeys.PHOTO_NOISE));

    @Override
    public int run(String[] args) throws Exception {
        var conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        Path input = Path.of(RunConfigKeys.INPUT.require(conf));
        Path output = Path.of(RunConfigKeys.OUTPUT.require(conf));
        long limit = RunConfigKeys.LIMIT.getLong(conf);
        if (limit <= 0) {
            throw new UsageException("--limit must say how many photos to make (a 12 MP photo is about 4 MB)");
        }
        if (!Files.isDirectory(input)) {
            throw new UsageException("--input " + input + " is not a local folder of <Label>/<name>.jpg tiles");
        }
        if (Files.exists(output)) {
            throw new UsageException("--output " + output + " exists already; give a new folder");
        }
        int[] size = size(conf);
        float quality = BenchConfigKeys.PHOTO_QUALITY.getInt(conf) / 100f;
        double noise = BenchConfigKeys.PHOTO_NOISE.getDouble(conf);
        List<Path> tiles = labelsInTurn(input, limit);
        long bytes = 0;
        for (Path tile : tiles) {
            BufferedImage photo = photo(ImageIO.read(tile.toFile()), size[0], size[1], noise,
                    tile.getParent().getFileName() + "/" + tile.getFileName());
            String name = tile.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-" + size[0] + "x" + size[1] + ".jpg";
            Path target = Files.createDirectories(output.resolve(tile.getParent().getFileName().toString())).resolve(name);
            try (OutputStream out = Files.newOutputStream(target)) {
                writeJpeg(photo, quality, out);
            }
            bytes += Files.size(target);
        }
        System.out.printf(Locale.ROOT, "photos: %d photo(s) of %dx%d (quality %.0f, noise %.1f) in %s, %.1f MB each on average%n",
                tiles.size(), size[0], size[1], quality * 100, noise, output, bytes / 1e6 / Math.max(1, tiles.size()));
        return 0;
    }

    /** {@code --size} as {width, height}. */
    static int[] size(org.apache.hadoop.conf.Configuration conf) {
        String value = BenchConfigKeys.PHOTO_SIZE.get(conf);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d{1,5})\\s*[xX]\\s*(\\d{1,5})\\s*").matcher(value);
        if (m.matches()) {
            int[] size = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
            if (size[0] > 0 && size[1] > 0 && (long) size[0] * size[1] <= 100_000_000L) {
                return size;
            }
        }
        throw new UsageException("--size takes WIDTHxHEIGHT in pixels, e.g. 1600x1200, not '" + value + "'");
    }

    /** The first tile of every label, then the second of every label, ...: any count covers the labels evenly. */
    static List<Path> labelsInTurn(Path input, long limit) throws IOException {
        List<List<Path>> byLabel = new ArrayList<>();
        try (Stream<Path> labels = Files.list(input)) {
            for (Path label : labels.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(label)) {
                    List<Path> jpegs = files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
                            .sorted().toList();
                    if (!jpegs.isEmpty()) {
                        byLabel.add(jpegs);
                    }
                }
            }
        }
        List<Path> picked = new ArrayList<>();
        for (int i = 0; picked.size() < limit; i++) {
            int before = picked.size();
            for (List<Path> label : byLabel) {
                if (i < label.size() && picked.size() < limit) {
                    picked.add(label.get(i));
                }
            }
            if (picked.size() == before) {
                break; // every tile taken
            }
        }
        return picked;
    }

    /** The tile upscaled to {@code width x height}, plus Gaussian noise seeded by its name (repeatable). */
    static BufferedImage photo(BufferedImage tile, int width, int height, double noise, String seed) {
        BufferedImage photo = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = photo.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(tile, 0, 0, width, height, null);
        g.dispose();
        if (noise > 0) {
            SplittableRandom random = new SplittableRandom(seed.hashCode());
            WritableRaster raster = photo.getRaster();
            byte[] data = ((java.awt.image.DataBufferByte) raster.getDataBuffer()).getData();
            for (int i = 0; i < data.length; i++) {
                int v = (data[i] & 0xff) + (int) Math.round(random.nextGaussian() * noise);
                data[i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return photo;
    }

    private static void writeJpeg(BufferedImage image, float quality, OutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
