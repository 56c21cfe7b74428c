namespace NanoNode.BrokerHost.Security;

/// <summary>
/// The login page served at <c>GET /login</c>: a plain form posting <c>user</c>, <c>password</c> and <c>return</c> to
/// <c>POST /login</c> (no script needed; the page's own script only copies <c>?return=</c> into the form and shows
/// <c>?error=</c>). Works offline: no external resources.
/// </summary>
public static class LoginPage
{
    /// <summary>The page.</summary>
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NanoNode — log in</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
form{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);width:18rem}
h1{font-size:1.3rem;margin:0 0 1rem}
label{display:block;margin:.6rem 0 .2rem;font-size:.9rem}
input{width:100%;box-sizing:border-box;padding:.45rem;border:1px solid #bbb;border-radius:4px}
button{margin-top:1rem;width:100%;padding:.55rem;border:0;border-radius:4px;background:#1f6feb;color:#fff;font-size:1rem}
#error{color:#b00020;font-size:.9rem;min-height:1.2em}
</style>
</head>
<body>
<form id="login" method="post" action="/login">
<h1>NanoNode</h1>
<div id="error" role="alert"></div>
<label for="user">User</label>
<input id="user" name="user" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<input id="return" name="return" type="hidden" value="/">
<button type="submit">Log in</button>
</form>
<script>
const q = new URLSearchParams(location.search);
if (q.get('return')) document.getElementById('return').value = q.get('return');
const e = q.get('error');
if (e) document.getElementById('error').textContent =
  e === '429' ? 'Too many failed logins: try again later.' : e === '403' ? 'This user is not an administrator.' : 'Wrong user name or password.';
</script>
</body>
</html>
""";
}
