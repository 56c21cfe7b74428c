using NanoNode.Device.Config;
using NanoNode.Device.Storage;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>06: the host folder storage keeps two slot files; a damaged newest file falls back to the other.</summary>
public sealed class FolderStorageTests
{
    [Fact]
    public void SlotsAreFilesAndATruncatedNewestFileFallsBack()
    {
        string dir = Pump.TempDir();
        var patch = new ConfigPatch();
        var store = new ConfigStore(new FolderConfigStorage(dir), patch);
        var a = new DeviceConfig();
        a.SetNumber(ConfigSchema.Rev, 1);
        var b = new DeviceConfig();
        b.SetNumber(ConfigSchema.Rev, 2);
        b.SetNumber(ConfigSchema.IntervalS, 99);
        Assert.True(store.Save(a));
        Assert.True(store.Save(b));
        Assert.True(File.Exists(Path.Combine(dir, "config-0.bin")));
        Assert.True(File.Exists(Path.Combine(dir, "config-1.bin")));

        var loaded = new DeviceConfig();
        Assert.True(new ConfigStore(new FolderConfigStorage(dir), patch).Load(loaded));
        Assert.True(loaded.SameAs(b));

        string newest = Path.Combine(dir, "config-1.bin");
        byte[] bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        Assert.True(new ConfigStore(new FolderConfigStorage(dir), patch).Load(loaded));
        Assert.True(loaded.SameAs(a));

        Directory.Delete(dir, true);
        Assert.False(new ConfigStore(new FolderConfigStorage(dir), patch).Load(loaded));
        Assert.True(loaded.SameAs(new DeviceConfig()));
    }
}
