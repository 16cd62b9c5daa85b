using SpatialMe.Media.Shots;

namespace SpatialMe.Media.Tests.Shots;

/// <summary>
/// Precision and recall of detected shot boundaries against a fixture's known transitions. A detection (the start of
/// every shot but the first) matches a true transition when it lies within the tolerance: ±1 frame of a cut, or
/// anywhere in a gradual transition's span ±2 frames. Matching is one to one, each true transition taking the nearest
/// free detection. Rows: each type on its own (the detection must have the same type: a dissolve reported as a fade
/// counts as a miss and a false detection there); "gradual" (dissolves and fades as one class, so only the type mix-up
/// between the two is forgiven); "any" (types ignored: is there a boundary where there should be one?).
/// </summary>
internal static class ShotEvaluation
{
    public static IReadOnlyList<TypeScore> Score(IEnumerable<(IReadOnlyList<TrueTransition> Truth, IReadOnlyList<Shot> Shots)> runs)
    {
        var classes = new (string Name, Func<FixtureTransitionKind, bool> IsTrue, Func<ShotTransition, bool> IsDetected)[]
        {
            ("cut", k => k == FixtureTransitionKind.Cut, t => t == ShotTransition.Cut),
            ("dissolve", k => k == FixtureTransitionKind.Dissolve, t => t == ShotTransition.Dissolve),
            ("fade", k => k == FixtureTransitionKind.Fade, t => t == ShotTransition.Fade),
            ("gradual", k => k != FixtureTransitionKind.Cut, t => t is ShotTransition.Dissolve or ShotTransition.Fade),
            ("any", _ => true, _ => true),
        };
        var list = runs.ToList();
        return classes.Select(c =>
        {
            int truths = 0, detections = 0, hits = 0;
            foreach (var (truth, shots) in list)
            {
                var wanted = truth.Where(t => c.IsTrue(t.Kind)).ToList();
                var found = shots.Skip(1).Where(s => c.IsDetected(s.Transition)).Select(s => s.Start).ToList();
                truths += wanted.Count;
                detections += found.Count;
                hits += Match(wanted, found);
            }

            return new TypeScore(c.Name, truths, detections, hits);
        }).ToList();
    }

    /// <summary>Pairs each true transition with the nearest unused detection inside its tolerance; returns the pairs made.</summary>
    private static int Match(List<TrueTransition> truth, List<int> detections)
    {
        var used = new bool[detections.Count];
        var hits = 0;
        foreach (var t in truth)
        {
            var (low, high) = t.Kind == FixtureTransitionKind.Cut ? (t.Boundary - 1, t.Boundary + 1) : (t.SpanStart - 2, t.SpanEnd + 2);
            var best = -1;
            for (var i = 0; i < detections.Count; i++)
            {
                if (!used[i] && detections[i] >= low && detections[i] <= high
                    && (best < 0 || Math.Abs(detections[i] - t.Boundary) < Math.Abs(detections[best] - t.Boundary)))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                used[best] = true;
                hits++;
            }
        }

        return hits;
    }
}

/// <summary>One row of the precision/recall table. Precision is 1 where nothing was detected, recall 1 where nothing was there.</summary>
internal sealed record TypeScore(string Type, int Truths, int Detections, int Hits)
{
    public double Precision => Detections == 0 ? 1 : (double)Hits / Detections;

    public double Recall => Truths == 0 ? 1 : (double)Hits / Truths;

    public override string ToString() =>
        FormattableString.Invariant($"| {Type} | {Truths} | {Detections} | {Hits} | {Precision:F2} | {Recall:F2} |");
}
