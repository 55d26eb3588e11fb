package courier.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;

/** Reads feed files back the way any parquet-avro user would. */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** Records with decimals as BigDecimal and timestamps as java.time.Instant. */
  public static List<GenericRecord> read(Path file) throws IOException {
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new Conversions.DecimalConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    List<GenericRecord> records = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(input(file)).withDataModel(model).build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        records.add(r);
      }
    }
    return records;
  }

  public static FileMetaData metadata(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(input(file))) {
      return reader.getFooter().getFileMetaData();
    }
  }

  public static Map<String, String> footer(Path file) throws IOException {
    return metadata(file).getKeyValueMetaData();
  }

  /** The compression codec of the first column chunk (every chunk of a feed uses the same). */
  public static String columnCodec(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(input(file))) {
      return reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec().name();
    }
  }

  /** The part files of one feed of one run. */
  public static List<Path> partFiles(Path outputDir, String feed, String runId) throws IOException {
    Path dir = outputDir.resolve("feeds").resolve(feed).resolve("run_id=" + runId);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches("part-.*\\.parquet"))
          .sorted()
          .toList();
    }
  }

  private static InputFile input(Path file) throws IOException {
    return HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
  }
}
