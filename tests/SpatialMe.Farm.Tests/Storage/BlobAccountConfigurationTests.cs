using Azure.Identity;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Storage;

namespace SpatialMe.Farm.Tests.Storage;

/// <summary>
/// How a silo's settings choose its blob account: a connection string (a key), or an account URL reached with the
/// environment's Azure identity (Kubernetes workload identity); never both, never a silo with a blob media store and
/// neither. Only configuration is checked here: no request is made (a credential reads nothing until the first one).
/// </summary>
public sealed class BlobAccountConfigurationTests
{
    private const string Azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    private static ClusterSettings Silo(string media) => new() { Redis = "127.0.0.1:6379", Media = media };

    [Fact]
    public void An_account_url_opens_the_account_at_that_endpoint_and_owns_its_blobs()
    {
        var account = BlobAccount.FromAccountUrl("https://studioa.blob.core.windows.net/", new DefaultAzureCredential());

        Assert.Equal("https://studioa.blob.core.windows.net", account.Display);
        Assert.True(account.Owns(new Uri("https://studioa.blob.core.windows.net/films/ep101.mov")));
        Assert.False(account.Owns(new Uri("https://other.blob.core.windows.net/films/ep101.mov")));
    }

    [Theory]
    [InlineData("studioa.blob.core.windows.net", "is not valid")]
    [InlineData("http://studioa.blob.core.windows.net", "is not valid")]
    [InlineData("https://studioa.blob.core.windows.net/films", "without a container, path or query")]
    [InlineData("https://studioa.blob.core.windows.net/?sv=2024&sig=abc", "without a container, path or query")]
    public void A_url_that_is_not_an_https_account_endpoint_is_refused_naming_it(string url, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => BlobAccount.FromAccountUrl(url, new DefaultAzureCredential()));

        Assert.Contains(reason, e.Message);
        Assert.Contains("studioa.blob.core.windows.net", e.Message);
        Assert.DoesNotContain("sig=abc", e.Message);
    }

    [Fact]
    public void Settings_with_an_account_url_use_the_azure_identity_and_validate_a_blob_media_store()
    {
        var settings = Silo("https://studioa.blob.core.windows.net/spatialme-media");
        settings.BlobAccountUrl = "https://studioa.blob.core.windows.net";

        settings.ValidateForSilo();
        var account = settings.BlobAccount();

        Assert.NotNull(account);
        Assert.Equal("https://studioa.blob.core.windows.net", account.Display);
        Assert.Contains("https", settings.Locations().Schemes);
    }

    [Fact]
    public void Settings_with_a_connection_string_use_its_key()
    {
        var settings = Silo("http://127.0.0.1:10000/devstoreaccount1/spatialme-media");
        settings.Blob = Azurite;

        settings.ValidateForSilo();

        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", settings.BlobAccount()!.Display);
    }

    [Fact]
    public void Both_a_connection_string_and_an_account_url_are_refused_naming_both_variables()
    {
        var settings = Silo("https://studioa.blob.core.windows.net/spatialme-media");
        settings.Blob = Azurite;
        settings.BlobAccountUrl = "https://studioa.blob.core.windows.net";

        var e = Assert.Throws<ArgumentException>(settings.ValidateForSilo);

        Assert.Contains("SPATIALME_BLOB", e.Message);
        Assert.Contains("SPATIALME_BLOB_ACCOUNT_URL", e.Message);
        Assert.DoesNotContain("AccountKey", e.Message);
    }

    [Fact]
    public void A_blob_media_store_without_either_is_refused_saying_what_to_set()
    {
        var settings = Silo("https://studioa.blob.core.windows.net/spatialme-media");

        var e = Assert.Throws<ArgumentException>(settings.ValidateForSilo);

        Assert.Contains("no blob storage is configured", e.Message);
        Assert.Contains("SPATIALME_BLOB", e.Message);
        Assert.Contains("SPATIALME_BLOB_ACCOUNT_URL", e.Message);
        Assert.Null(new ClusterSettings().BlobAccount());
    }

    [Fact]
    public void The_account_url_is_read_from_the_config_file_key_blob_account_url()
    {
        var settings = System.Text.Json.JsonSerializer.Deserialize<ClusterSettings>(
            """{ "redis": "r:6379", "blobAccountUrl": "https://studioa.blob.core.windows.net" }""",
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;

        Assert.Equal("https://studioa.blob.core.windows.net", settings.BlobAccountUrl);
    }
}
