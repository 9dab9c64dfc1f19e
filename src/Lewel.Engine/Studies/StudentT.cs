namespace Lewel.Engine.Studies;

/// <summary>Student's t distribution: its CDF through the regularised incomplete beta function and its quantile by
/// bisection on the CDF, exact to about 1e-12 for any positive degrees of freedom (no table).</summary>
public static class StudentT
{
    /// <summary>P(T ≤ t) for T with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0)) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "must be positive");
        if (double.IsNaN(t)) return double.NaN;
        if (double.IsPositiveInfinity(t)) return 1;
        if (double.IsNegativeInfinity(t)) return 0;
        var x = degreesOfFreedom / (degreesOfFreedom + t * t);
        var tail = 0.5 * IncompleteBeta.Regularized(degreesOfFreedom / 2, 0.5, x);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The t with P(T ≤ t) = <paramref name="probability"/>, e.g. 12.706 for 0.975 at one degree of freedom.</summary>
    public static double Quantile(double probability, double degreesOfFreedom)
    {
        if (!(probability > 0 && probability < 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "must lie strictly between 0 and 1");
        if (!(degreesOfFreedom > 0)) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "must be positive");
        if (probability < 0.5) return -Quantile(1 - probability, degreesOfFreedom);
        if (probability == 0.5) return 0;
        double low = 0, high = 1;
        while (Cdf(high, degreesOfFreedom) < probability)
        {
            low = high;
            high *= 2;
        }
        for (var i = 0; i < 200 && high - low > 1e-13 * Math.Max(1, high); i++)
        {
            var middle = 0.5 * (low + high);
            if (Cdf(middle, degreesOfFreedom) < probability) low = middle;
            else high = middle;
        }
        return 0.5 * (low + high);
    }
}
