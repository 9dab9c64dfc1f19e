using Lewel.Engine.Evaluation;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

public class LocalizationScoreTests
{
    [Fact]
    public void UniformMaps_ScoreExactlyTheObjectAreaFraction()
    {
        using var maps = full(2, 3, 4, 4, 1f / 16);
        using var masks = zeros(2, 8, 8, ScalarType.Byte);
        masks[0, ..4, ..4] = tensor((byte)1);  // 1/4 of the image
        masks[1, ..2, ..] = tensor((byte)1);   // 1/4 too
        masks[1, 7, 7] = tensor((byte)1);      // + 1/64
        var score = new LocalizationScore();
        score.Add(maps, masks);
        var r = score.Result();
        var expectedArea = (0.25 + 0.25 + 1.0 / 64) / 2;
        Assert.Equal(expectedArea, r.UniformBaseline, 6);
        Assert.Equal(r.UniformBaseline, r.MassOnObject, 6);
        Assert.Equal(2, r.Images);
        Assert.Equal(3, r.MapsPerImage);
    }

    [Fact]
    public void PointMaps_AtMaskResolution_ScoreOneOnTheObjectAndZeroOff()
    {
        using var maps = zeros(1, 2, 4, 4);
        maps[0, 0, 1, 1] = tensor(1f);  // on the object
        maps[0, 1, 3, 3] = tensor(1f);  // on the background
        using var masks = zeros(1, 4, 4, ScalarType.Byte);
        masks[0, ..2, ..2] = tensor((byte)1);
        var score = new LocalizationScore();
        score.Add(maps, masks);
        var r = score.Result();
        Assert.Equal(0.5, r.MassOnObject, 6);
        Assert.Equal(0.5, r.PeakOnObject, 6);
        Assert.Equal(0.25, r.UniformBaseline, 6);
    }

    [Fact]
    public void CoarseMap_IsUpsampledBilinearlyWithoutCornerAlignment()
    {
        // A 2×2 map with all mass in the top-left cell, upsampled to 4×4: per axis the profile is [1, .75, .25, 0]
        // (source positions -0.25→0, 0.25, 0.75, 1.25→1), so the top-left quadrant holds (1.75)² of the total 2².
        using var maps = tensor(new float[] { 1, 0, 0, 0 }).reshape(1, 1, 2, 2);
        using var masks = zeros(1, 4, 4, ScalarType.Byte);
        masks[0, ..2, ..2] = tensor((byte)1);
        var score = new LocalizationScore();
        score.Add(maps, masks);
        Assert.Equal(1.75 * 1.75 / 4, score.Result().MassOnObject, 6);
        Assert.Equal(1.0, score.Result().PeakOnObject, 6);
    }

    [Fact]
    public void Ceiling_IsTheBestOneCellMapsShare_WhateverTheMapsAre()
    {
        // The 2×2 map's top-left cell puts (1.75)²/4 of its mass on the top-left quadrant (see above); the object is
        // that quadrant, so no 2×2 map can score more, and uniform or peaked maps leave the ceiling where it is.
        using var masks = zeros(1, 4, 4, ScalarType.Byte);
        masks[0, ..2, ..2] = tensor((byte)1);
        foreach (var map in new[] { new float[] { 0.25f, 0.25f, 0.25f, 0.25f }, [0, 0, 0, 1], [1, 0, 0, 0] })
        {
            using var maps = tensor(map).reshape(1, 1, 2, 2);
            var score = new LocalizationScore();
            score.Add(maps, masks);
            var r = score.Result();
            Assert.Equal(1.75 * 1.75 / 4, r.CeilingOnObject, 6);
            Assert.True(r.MassOnObject <= r.CeilingOnObject + 1e-6, $"mass {r.MassOnObject} above the ceiling {r.CeilingOnObject}");
        }
    }

    [Fact]
    public void Ceiling_AtMaskResolution_IsOneForEveryImageWithAnObject()
    {
        using var maps = full(2, 3, 4, 4, 1f / 16);
        using var masks = zeros(2, 4, 4, ScalarType.Byte);
        masks[0, 1, 2] = tensor((byte)1);
        masks[1, 3, ..] = tensor((byte)1);
        var score = new LocalizationScore();
        score.Add(maps, masks);
        Assert.Equal(1.0, score.Result().CeilingOnObject, 6);
    }

    [Fact]
    public void ImagesWithEmptyMasks_AreSkippedAndCounted()
    {
        using var maps = full(2, 1, 2, 2, 0.25f);
        using var masks = zeros(2, 2, 2, ScalarType.Byte);
        masks[1, 0, 0] = tensor((byte)1);
        var score = new LocalizationScore();
        score.Add(maps, masks);
        var r = score.Result();
        Assert.Equal(1, r.Images);
        Assert.Equal(1, r.ImagesWithoutObject);
        Assert.Equal(0.25, r.MassOnObject, 6);
    }

    [Fact]
    public void Add_MismatchedBatch_NamesBothShapes()
    {
        using var maps = zeros(2, 1, 2, 2);
        using var masks = zeros(3, 2, 2);
        var error = Assert.Throws<ArgumentException>(() => new LocalizationScore().Add(maps, masks));
        Assert.Contains("[2, 1, 2, 2]", error.Message);
        Assert.Contains("[3, 2, 2]", error.Message);
    }
}
