// One-off measurement for docs/quality.md: the std model with a period detected per file by core's
// PeriodDetector on the probation rows only (the rows the model is fitted on), FALLBACK rows where
// none is found. Run from the repository root after packaging the runner:
//   java -cp anomaly-runner/target/vigil.jar docs/StdAutoPeriod.java /path/to/NAB 48
import dev.vigil.eval.nab.*;
import dev.vigil.core.seasonality.*;
import dev.vigil.core.series.*;
import dev.vigil.core.prediction.*;
import dev.vigil.models.*;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.*;
import java.util.*;
import java.time.*;

public class StdAutoPeriod {
    static long ms(String s) { return LocalDateTime.parse(s.trim().substring(0,19).replace(' ','T')).toInstant(ZoneOffset.UTC).toEpochMilli(); }
    public static void main(String[] a) throws Exception {
        Path nab = Path.of(a[0]);
        @SuppressWarnings("unchecked")
        Map<String, List<List<String>>> w = new ObjectMapper().readValue(nab.resolve("labels/combined_windows.json").toFile(), LinkedHashMap.class);
        ModelRegistry reg = ModelRegistry.standard();
        List<NabFile> corpus = new ArrayList<>();
        int none = 0;
        for (var e : w.entrySet()) {
            List<String> lines = Files.readAllLines(nab.resolve("data").resolve(e.getKey()));
            int n = lines.size() - 1;
            long[] ts = new long[n]; long[] tsm = new long[n]; double[] v = new double[n];
            for (int i = 0; i < n; i++) { String[] c = lines.get(i+1).split(","); ts[i] = ms(c[0]); v[i] = Double.parseDouble(c[1]);
                tsm[i] = i > 0 && ts[i] <= tsm[i-1] ? tsm[i-1] + 1 : ts[i]; }
            int fit = Profile.STANDARD.probationRows(n);
            double[] head = Arrays.copyOf(v, fit);
            SeasonalPeriods sp = PeriodDetector.of(PeriodDetector.Config.DEFAULT.withPeriodRange(2, Math.max(2, fit / 2))).detect(head);
            int period = sp.dominant().orElse(-1);
            if (period < 2) { none++; period = Integer.parseInt(a[1]); }
            ModelSpec spec = reg.create("std", Map.of("period", (Object) String.valueOf(period)));
            Prediction p = Replay.run(spec, Series.of(tsm, v), fit, null);
            double[] sc = new double[n];
            for (int i = 0; i < n; i++) sc[i] = p.anomalyScore(i);
            long[] win = new long[2 * e.getValue().size()];
            for (int k = 0; k < e.getValue().size(); k++) { win[2*k] = ms(e.getValue().get(k).get(0)); win[2*k+1] = ms(e.getValue().get(k).get(1)); }
            corpus.add(new NabFile(e.getKey(), ts, sc, win));
            System.err.println(e.getKey() + " period " + period);
        }
        for (Profile pr : Profile.nabProfiles()) {
            NabScorer.Result r = NabScorer.score(corpus, pr);
            System.out.printf(Locale.ROOT, "%s %.2f (threshold %.4g, %d/%d windows)%n", pr.name(), r.normalisedScore(), r.threshold(), r.windowsDetected(), r.windows());
        }
        EventMetrics m = EventMetrics.of(corpus, Profile.STANDARD, NabScorer.score(corpus, Profile.STANDARD).threshold());
        System.out.println("files without a detected period (fallback " + a[1] + "): " + none + "; event F1 " + m.f1() + " false events " + m.falseEvents());
    }
}
