"""The monthly sheet's fixed Indonesian vocabulary: column names, status words, the Ringkasan's labels.

The sheet is a file format, always Indonesian whatever the page language, and the import reads
these words back. So they are written here as the file's own words, not looked up in the compiled
translation catalogue: a server without compiled .mo files still writes "Lunas", not "Paid".
"""
from orders.models import Channel, DeliveryMethod, FulfilmentStatus, PaymentMethod, PaymentStatus

PAYMENT = {
    PaymentStatus.UNPAID: "Belum Bayar",
    PaymentStatus.DEPOSIT: "DP",
    PaymentStatus.PAID: "Lunas",
    PaymentStatus.OVERPAID: "Lebih Bayar",
    PaymentStatus.REFUNDED: "Dikembalikan",
}
METHOD = {
    PaymentMethod.TRANSFER: "Transfer",
    PaymentMethod.QRIS: "QRIS",
    PaymentMethod.CASH: "Tunai",
    PaymentMethod.EWALLET: "E-wallet",
    PaymentMethod.MARKETPLACE: "Marketplace",
    PaymentMethod.UNKNOWN: "Tidak tercatat",
}
FULFILMENT = {
    FulfilmentStatus.PENDING: "Belum Dikirim",
    FulfilmentStatus.READY: "Siap",
    FulfilmentStatus.SENT: "Sudah Dikirim",
    FulfilmentStatus.PICKED_UP: "Sudah Diambil",
    FulfilmentStatus.CANCELLED: "Dibatalkan",
}
CHANNEL = {
    Channel.OFFLINE: "Offline (toko)",
    Channel.WHATSAPP: "WhatsApp",
    Channel.INSTAGRAM: "Instagram",
    Channel.MARKETPLACE: "Marketplace",
    Channel.ONLINE_FORM: "Form online",
}
DELIVERY = {
    DeliveryMethod.PICKUP: "Ambil sendiri",
    DeliveryMethod.DELIVERY: "Antar",
    DeliveryMethod.COURIER: "Ekspedisi",
}

# The template's columns first, then the optional ones; the import finds them by name.
HEADERS = [
    "No",
    "Tanggal Order",
    "Nama Pelanggan",
    "Produk Dipesan",
    "Jumlah",
    "Total Harga",
    "Tanggal Kirim",
    "Status Bayar",
    "Status Kirim",
    "No. WhatsApp",
    "Alamat Kirim",
    "Metode Pembayaran",
    "Saluran",
    "Kode Pesanan",
    "Catatan",
    "Total Dibatalkan",
    "Kurir",
    "No. Resi",
]

COURIER = {
    "jne": "JNE",
    "jnt": "J&T",
    "sicepat": "SiCepat",
    "ojol": "Gojek/Grab",
    "own": "Kurir toko",
    "other": "Lainnya",
}

SUMMARY = {
    "title": "Ringkasan",
    "product": "Produk",
    "units": "Jumlah",
    "omzet": "Omzet",
    "total": "Total (tanpa pesanan dibatalkan)",
    "payments": "Pembayaran",
    "amount": "Nominal",
    "received": "Sudah dibayar",
    "due": "Belum dibayar",
    "per_payment": "Pesanan per status bayar",
    "per_fulfilment": "Pesanan per status kirim",
    "per_channel": "Pesanan per saluran",
    "orders": "Pesanan",
    "lines": "Baris (produk dipesan)",
    "per_method": "Uang diterima per metode",
    "per_day": "Uang diterima per hari",
    "day": "Tanggal",
    "method": "Metode",
    "refunds": "Dikembalikan",
}
