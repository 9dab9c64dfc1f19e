using Lewel.Engine.Config;

namespace Lewel.Engine.Augment;

/// <summary>Checks augmentation parameters before any tensor exists; every error names its JSON path
/// (e.g. <c>augmentation.view1.flipProbability</c>).</summary>
public static class AugmentationValidator
{
    public const double MaxBlurSigma = 20;

    public static IReadOnlyList<ConfigError> Validate(AugmentationConfig config, string path = "augmentation")
    {
        var errors = new List<ConfigError>();
        errors.AddRange(Validate(config.View1, $"{path}.view1"));
        errors.AddRange(Validate(config.View2, $"{path}.view2"));
        if (config.Mean is null != config.Std is null)
            errors.Add(new ConfigError(config.Mean is null ? $"{path}.mean" : $"{path}.std",
                "mean and std are given together or not at all (null uses the data set's statistics)"));
        if (config.Mean is { } mean)
        {
            if (mean.Length != 3) errors.Add(new ConfigError($"{path}.mean", $"needs 3 values (R, G, B), got {mean.Length}"));
            else if (mean.Any(m => !double.IsFinite(m))) errors.Add(new ConfigError($"{path}.mean", "values must be finite numbers"));
        }
        if (config.Std is { } std)
        {
            if (std.Length != 3) errors.Add(new ConfigError($"{path}.std", $"needs 3 values (R, G, B), got {std.Length}"));
            else if (std.Any(s => !(s > 0) || !double.IsFinite(s))) errors.Add(new ConfigError($"{path}.std", $"values must be positive, got [{string.Join(", ", std)}]"));
        }
        return errors;
    }

    public static IReadOnlyList<ConfigError> Validate(ViewAugmentation view, string path)
    {
        var errors = new List<ConfigError>();
        void Error(string field, string message) => errors.Add(new ConfigError($"{path}.{field}", message));
        void Probability(string field, double value)
        {
            if (!(value >= 0 && value <= 1)) Error(field, $"{value} is not a probability in [0, 1]");
        }
        void NonNegative(string field, double value)
        {
            if (!(value >= 0) || !double.IsFinite(value)) Error(field, $"{value} must be a finite number ≥ 0");
        }

        if (!(view.CropScaleMin > 0 && view.CropScaleMin <= 1)) Error("cropScaleMin", $"{view.CropScaleMin} must be in (0, 1] (a fraction of the image area)");
        if (!(view.CropScaleMax > 0 && view.CropScaleMax <= 1)) Error("cropScaleMax", $"{view.CropScaleMax} must be in (0, 1] (a fraction of the image area)");
        else if (view.CropScaleMin > view.CropScaleMax) Error("cropScaleMin", $"{view.CropScaleMin} is larger than cropScaleMax {view.CropScaleMax}");
        if (!(view.CropRatioMin > 0) || !double.IsFinite(view.CropRatioMin)) Error("cropRatioMin", $"{view.CropRatioMin} must be a positive aspect ratio (width / height)");
        if (!(view.CropRatioMax > 0) || !double.IsFinite(view.CropRatioMax)) Error("cropRatioMax", $"{view.CropRatioMax} must be a positive aspect ratio (width / height)");
        else if (view.CropRatioMin > view.CropRatioMax) Error("cropRatioMin", $"{view.CropRatioMin} is larger than cropRatioMax {view.CropRatioMax}");
        if (!ResizedCrop.Interpolations.Contains(view.Interpolation))
            Error("interpolation", $"'{view.Interpolation}' is not one of {string.Join(", ", ResizedCrop.Interpolations)}");
        Probability("flipProbability", view.FlipProbability);
        Probability("jitterProbability", view.JitterProbability);
        NonNegative("brightness", view.Brightness);
        NonNegative("contrast", view.Contrast);
        NonNegative("saturation", view.Saturation);
        if (!(view.Hue >= 0 && view.Hue <= 0.5)) Error("hue", $"{view.Hue} must be in [0, 0.5] (a fraction of the colour wheel)");
        Probability("grayscaleProbability", view.GrayscaleProbability);
        Probability("blurProbability", view.BlurProbability);
        if (!(view.BlurSigmaMin > 0 && view.BlurSigmaMin <= MaxBlurSigma)) Error("blurSigmaMin", $"{view.BlurSigmaMin} must be in (0, {MaxBlurSigma}] pixels");
        if (!(view.BlurSigmaMax > 0 && view.BlurSigmaMax <= MaxBlurSigma)) Error("blurSigmaMax", $"{view.BlurSigmaMax} must be in (0, {MaxBlurSigma}] pixels");
        else if (view.BlurSigmaMin > view.BlurSigmaMax) Error("blurSigmaMin", $"{view.BlurSigmaMin} is larger than blurSigmaMax {view.BlurSigmaMax}");
        Probability("solarizeProbability", view.SolarizeProbability);
        if (!(view.SolarizeThreshold >= 0 && view.SolarizeThreshold <= 1)) Error("solarizeThreshold", $"{view.SolarizeThreshold} must be in [0, 1] (the [0, 1] pixel scale)");
        return errors;
    }
}
