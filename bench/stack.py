"""Real servers on loopback for the proxy test and the benches: gunicorn workers behind Debian's nginx.

Nothing here needs root: nginx runs from a config in a temp folder on a high port, gunicorn reads
gunicorn.conf.py. Every process started is returned, so the caller stops exactly what it started.
"""
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
{user}
events {{ worker_connections 2048; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    client_max_body_size 13m;
    upstream prapesan {{
{servers}
        keepalive 32;
    }}
    server {{
        listen {host}:{port};{media}
        location / {{
            proxy_pass http://prapesan;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            # As the README's deploy notes say: append the address nginx saw to the client's header.
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_answering(port, path="/", seconds=30, process=None, log=None):
    """Poll until GET `path` on `port` answers below 500 (raises with the log's tail otherwise)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    tail = Path(log).read_text(errors="replace")[-2000:] if log and Path(log).exists() else ""
    raise RuntimeError(f"nothing answered on {HOST}:{port}{path} within {seconds} s\n{tail}")


def manage(env, *command, **kwargs):
    """Run one manage.py command against a bench site's settings in `env` (an error stops the bench)."""
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, check=True, cwd=ROOT, **kwargs)


def prepare_site(env, seed):
    """A bench site ready to serve: migrate, collectstatic, the catalogue compiled, `seed` (shell code) run."""
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "compilemessages", "--ignore=.venv", "-v0")
    manage(env, "shell", "-c", seed)


def start_gunicorn(env, port, log_path, workers=None):
    """gunicorn with the project's gunicorn.conf.py on 127.0.0.1:`port`."""
    env = dict(env) | {"GUNICORN_BIND": f"{HOST}:{port}"}
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return subprocess.Popen(
        [gunicorn, "-c", str(ROOT / "gunicorn.conf.py")],
        env=env, cwd=ROOT, stdout=open(log_path, "w"), stderr=subprocess.STDOUT,
    )


def start_nginx(port, upstream_ports, folder, media_root=None):
    """nginx on 127.0.0.1:`port`, passing every request to the gunicorns on `upstream_ports`
    (and serving `media_root` at /media/ itself, as the deploy notes set it up, when given)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    # As root, nginx hands its worker to an unprivileged user; that user writes the temp folders.
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    servers = "\n".join(f"        server {HOST}:{p};" for p in upstream_ports)
    conf = folder / "nginx.conf"
    media = f"\n        location /media/ {{ alias {media_root}/; expires 30d; }}" if media_root else ""
    conf.write_text(NGINX_CONF.format(folder=folder, user=user, servers=servers, host=HOST, port=port, media=media))
    log = folder / "nginx.out"
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")],
        stdout=open(log, "w"), stderr=subprocess.STDOUT,
    )
    return process


def stop(process, seconds=10):
    """Stop one process this module started: SIGTERM, then SIGKILL after `seconds`."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
