package dev.vigil.models.envelope;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.OnlineArgs;
import dev.vigil.models.internal.BaseModelSpec;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spec of {@code temporal_envelope}: the validated arguments ({@link EnvelopeModels#create} lists
 * them). Immutable and thread-safe; {@link #fit} learns the fit window point by point exactly as
 * later inferences do, so a fit window that ends after a level shift already holds the re-levelled
 * state (vmanomaly v1.30.1: "initialise from the recent regime").
 */
class EnvelopeSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = Columns.BAND;
    private static final List<String> DEFAULT_SEASONALITIES = List.of("hod_smooth", "dow_smooth");

    final double qLo;
    final double qHi;
    final double k;
    final double alpha;
    final double lossReactivity;
    final int minNSamplesSeen;
    final int changepointWindow;
    final Preset[] presets;
    /** Per profile the time constant of its buckets' memory in ms: cycle / (20·alpha). */
    final double[] profileMemoryMs;
    final SpecialDays special;
    final ZoneId zone;
    final ZoneRules rules;
    final long fixedOffsetMs;
    /** The decay per point of the residual tail's digest: {@code 1 - alpha / TAIL_MEMORY} ({@link EnvelopeModel#tail}). */
    final double tailDecay;
    /** Points learnt before residuals enter the tail's digest: the quantiles' memory {@code 1 / (2·alpha)}. */
    final long tailWarmUp;

    EnvelopeSpec(ModelArgs args) {
        super(args, OUTPUTS);
        double[] q = args.numbers("quantiles", new double[] {0.25, 0.75});
        if (q.length != 2 || !(q[0] > 0 && q[0] < q[1] && q[1] < 1)) {
            throw args.error("quantiles", "must be two increasing probabilities in (0, 1) (the residual quantiles of"
                    + " the base band, lower then upper), got " + Arrays.toString(q));
        }
        this.qLo = q[0];
        this.qHi = q[1];
        this.k = args.nonNegative("iqr_threshold", EnvelopeModels.DEFAULT_IQR_THRESHOLD);
        this.alpha = args.inRange("alpha", EnvelopeModels.DEFAULT_ALPHA, 0.0, true, 1.0, false);
        this.lossReactivity = args.positive("loss_reactivity", EnvelopeModels.DEFAULT_LOSS_REACTIVITY);
        this.minNSamplesSeen = args.integerAtLeast("min_n_samples_seen", OnlineArgs.DEFAULT_MIN_N_SAMPLES_SEEN, 0);
        this.changepointWindow = args.integerAtLeast("changepoint_window", EnvelopeModels.DEFAULT_CHANGEPOINT_WINDOW, 1);
        this.presets = presets(args, args.strings("seasonalities", DEFAULT_SEASONALITIES));
        this.special = holidays(args);
        this.tailDecay = 1 - alpha / EnvelopeModel.TAIL_MEMORY;
        this.tailWarmUp = (long) Math.ceil(1 / (2 * alpha));
        this.profileMemoryMs = new double[presets.length];
        for (int i = 0; i < presets.length; i++) {
            profileMemoryMs[i] = presets[i].cycle.ms / (20 * alpha);
        }
        String tz = args.string("tz", "UTC");
        try {
            this.zone = ZoneId.of(tz.trim());
        } catch (DateTimeException e) {
            throw args.error("tz", "must be an IANA time zone such as Europe/Berlin, got \"" + tz + "\"");
        }
        this.rules = CivilTime.rulesOf(zone);
        this.fixedOffsetMs = CivilTime.fixedOffsetMs(zone);
        List<String> forecastAt = args.strings("forecast_at", List.of());
        if (!forecastAt.isEmpty()) {
            throw args.error("forecast_at", "is not supported by temporal_envelope in Vigil yet (got " + forecastAt
                    + "); leave it empty");
        }
    }

    private static Preset[] presets(ModelArgs args, List<String> names) {
        List<Preset> out = new ArrayList<>();
        Set<Preset.Cycle> cycles = EnumSet.noneOf(Preset.Cycle.class);
        List<String> known = Arrays.stream(Preset.values()).map(Preset::configName).toList();
        for (String name : names) {
            if (name.isBlank()) {
                continue; // "-a seasonalities=" on the command line: none
            }
            Preset p = Preset.of(name);
            if (p == null) {
                String near = ModelArgs.nearest(name, known);
                throw args.error("seasonalities", "has an unknown preset \"" + name + "\""
                        + (near == null ? "" : " (did you mean '" + near + "'?)") + "; known presets: "
                        + String.join(", ", known) + ", or [] for none");
            }
            if (!cycles.add(p.cycle)) {
                Preset other = out.stream().filter(o -> o.cycle == p.cycle).findFirst().orElseThrow();
                throw args.error("seasonalities", "has two presets of the same cycle, \"" + other.configName()
                        + "\" and \"" + p.configName() + "\"; keep one of them");
            }
            out.add(p);
        }
        return out.toArray(new Preset[0]);
    }

    private static SpecialDays holidays(ModelArgs args) {
        Map<String, Object> h = new LinkedHashMap<>(args.map("holidays"));
        Object countries = h.remove("countries");
        if (countries != null && !(countries instanceof List<?> l && l.isEmpty()) && !"".equals(countries)) {
            throw args.error("holidays", "has countries " + countries + ", but Vigil has no built-in country holiday"
                    + " calendars; list the dates under holidays.special_events instead (MM-DD every year or"
                    + " YYYY-MM-DD once)");
        }
        Object events = h.remove("special_events");
        Object group = h.remove("group");
        if (!h.isEmpty()) {
            String key = h.keySet().iterator().next();
            String near = ModelArgs.nearest(key, List.of("countries", "special_events", "group"));
            throw args.error("holidays", "has an unknown key '" + key + "'" + (near == null ? "" : " (did you mean '"
                    + near + "'?)") + "; known keys: countries, special_events, group");
        }
        boolean grouped = true;
        if (group != null) {
            if (!(group instanceof Boolean b)) {
                throw args.error("holidays", "has group " + group + "; it must be true (all special days share"
                        + " one profile) or false (each event has its own)");
            }
            grouped = b;
        }
        List<String> list = new ArrayList<>();
        if (events != null) {
            if (!(events instanceof List<?> l)) {
                throw args.error("holidays", "has special_events " + events + "; it must be a list of dates");
            }
            for (Object o : l) {
                list.add(String.valueOf(o));
            }
        }
        try {
            return SpecialDays.parse(list, grouped);
        } catch (IllegalArgumentException e) {
            throw args.error("holidays", "has a special event " + e.getMessage());
        }
    }

    @Override
    public boolean isOnline() {
        return true;
    }

    @Override
    public List<String> availableOutputs() {
        return OUTPUTS;
    }

    /** The bucket count of each profile, in {@link #presets} order. */
    int[] bucketCounts() {
        int[] n = new int[presets.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = presets[i].buckets(special.groups());
        }
        return n;
    }

    @Override
    public FittedModel fit(Series train) {
        EnvelopeModel m = new EnvelopeModel(this);
        m.update(train);
        return m;
    }

}
