/**
 * Real-world ATRs, each with what the station must make of the card behind it (issue 14).
 *
 * ATRs and descriptions are from Debian pcsc-tools' /usr/share/pcsc/smartcard_list.txt
 * (Ludovic Rousseau; quoted for the byte values). `behind` is the project's virtual card
 * put behind the ATR in the real pcscd: `piv` (a PIV applet, as OpenSC finds on all these
 * cards), `contactless` (answers only the reader's GET DATA UID), `none` (no application
 * the station supports). The outcome follows from what the card answers, not from the ATR:
 * `piv` read through the PIV application, `contactless-uid` the UID, `unsupported` "Card
 * not supported".
 */
export interface RealWorldAtr {
  atr: string;
  /** The line(s) smartcard_list.txt gives for it. */
  listed: string;
  make: string;
  behind: 'piv' | 'contactless' | 'none';
  expect: 'piv' | 'contactless-uid' | 'unsupported';
}

const piv = (make: string, atr: string, listed: string): RealWorldAtr => ({ make, atr, listed, behind: 'piv', expect: 'piv' });
const uid = (make: string, atr: string, listed: string): RealWorldAtr => ({ make, atr, listed, behind: 'contactless', expect: 'contactless-uid' });
const none = (make: string, atr: string, listed: string): RealWorldAtr => ({ make, atr, listed, behind: 'none', expect: 'unsupported' });

export const REAL_WORLD_ATRS: readonly RealWorldAtr[] = [
  // DoD CAC
  piv('DoD CAC (IDEMIA Cosmo v8)', '3B D8 18 00 80 1F 07 80 31 C1 64 08 06 92 0F DF', 'US DoD Common Access Card (IDEMIA Cosmo v8) (PKI)'),
  piv('DoD CAC (IDEMIA Cosmo v8)', '3B D8 18 00 80 B1 FE 45 1F 07 80 31 C1 64 08 06 92 0F D5', 'Oberthur Cosmo v8 (PKI)'),
  piv('DoD CAC (Gemalto TOP DL)', '3B 7D 96 00 00 80 31 80 65 B0 75 49 17 0F 83 00 90 00', 'DoD CAC card issued ~October 2020, Gemalto TOP DL V2.1 144K'),
  piv('DoD CAC (Gemalto TOP DL)', '3B 7D 96 00 00 80 31 80 65 B0 83 11 17 D6 83 00 90 00', 'DoD CAC card issued Jan 14, 2010 / GEMALTO TOP DL GX4 144K'),
  piv('DoD CAC (Gemalto)', '3B 7D 96 00 00 80 31 80 65 B0 83 11 13 AC 83 00 90 00', 'CAC card (GEMALTO GCX4 72K DI)'),
  piv('DoD CAC (Oberthur ID One v5.5 Dual)', '3B DB 96 00 80 1F 03 00 31 C0 64 B0 F3 10 00 07 90 00 80', 'DoD CAC, Oberthur ID One 128 v5.5 Dual'),
  piv('DoD CAC (Oberthur CosmopolIC)', '3B 7F 11 00 00 00 31 C0 53 CA C4 01 64 52 D9 04 00 82 90 00', 'DoD CAC, Oberthur CosmopolIC 32K V4'),
  piv('DoD CAC', '3B 6B 00 00 80 65 B0 83 01 04 74 83 00 90 00', 'U.S. Department of Defense Common Access Card (DoD CAC)'),
  // DHS CAC
  piv('DHS CAC', '3B D6 96 00 81 B1 FE 45 1F 87 80 31 C1 52 21 19 49', 'DHS CAC card (PKI)'),
  // IDEMIA ID-One PIV
  piv('IDEMIA ID-One PIV', '3B D6 97 00 81 B1 FE 45 1F 87 80 31 C1 52 21 1A 4B', 'ID-One PIV 2.4 (P/N 1501381) from IDEMIA'),
  piv('IDEMIA ID-One PIV', '3B D6 97 00 81 B1 FE 45 1F 87 80 31 C1 52 41 1A 2B', 'Oberthur Technologies ID-One PIV/CIV on V8 Device; IDEMIA Cosmo V8.1 with a PIV applet'),
  piv('IDEMIA ID-One PIV', '3B D6 97 00 81 B1 FE 45 1F 07 80 31 C1 52 11 18 F9', 'NASA PIV card; IDEMIA Cosmo V8.0 with a PIV applet'),
  piv('IDEMIA ID-One PIV', '3B DB 96 00 80 B1 FE 45 1F 83 00 31 C0 64 B0 FC 10 00 0F 90 00 0D', 'ID-One PIV'),
  piv('IDEMIA ID-One PIV (contactless)', '3B 86 80 01 80 31 C1 52 11 18 2C', 'IDEMIA Cosmo V8.0 with a PIV applet (contactless)'),
  // Gemalto / Thales IDPrime PIV
  piv('Gemalto IDPrime PIV', '3B 7D 96 00 00 80 31 80 65 B0 83 11 17 E5 83 00 90 00', 'Gemalto IDPrime PIV Card2.0'),
  piv('Gemalto IDPrime PIV (contactless)', '3B 8F 80 01 80 91 E1 31 80 65 B0 83 11 17 E5 83 00 90 00 E9', 'IDPrime PIV Card v2.0 AES SCP03'),
  piv('Thales IDPrime 3930 (contactless type A)', '3B 8F 80 01 80 31 80 65 B0 84 61 60 FB 12 0F FD 82 90 00 66', 'IDPrime 3930 FIPS Level 2 (Contactless TypeA)'),
  piv('Thales IDPrime 3930 (contactless type B)', '3B 88 80 01 32 F3 5E 11 33 87 95 00 A6', 'IDPrime 3930 FIPS Level 3 (Contactless TypeB)'),
  piv('Thales IDPrime 3930', '3B FF 97 00 00 81 31 FE 43 80 31 80 65 B0 84 61 60 FB 12 0F FD 82 90 00 0D', 'IDPrime 3930 FIPS Level 3 (T=1 CT=97)'),
  // HID
  piv('HID pivCLASS', '3B DF 96 FF 81 31 FE 45 80 59 01 80 50 49 56 43 4C 41 53 73 00 01 1B DE', 'HID Global pivCLASS v1.0 (PKI)'),
  piv('HID Crescendo C2300', '3B D5 96 FF 81 91 FE 1F C3 43 32 33 30 30 CC', 'HID Global - Crescendo C2300 (PKI)'),
  piv('HID Crescendo C2300 (contactless)', '3B 8A 80 01 43 32 33 30 30 2D 46 49 50 53 68', 'Crescendo 2300 FIPS (contactless interface)'),
  // Yubico
  piv('YubiKey NEO', '3B FC 13 00 00 81 31 FE 15 59 75 62 69 6B 65 79 4E 45 4F 72 33 E1', 'YubiKey NEO (PKI)'),
  piv('YubiKey NEO (NFC)', '3B 8C 80 01 59 75 62 69 6B 65 79 4E 45 4F 72 FF 94', 'Yubikey Neo via NFC reader'),
  piv('YubiKey 5 NFC', '3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40', 'Yubico YubiKey 5 NFC'),
  // GoldKey, Feitian, Identiv
  piv('GoldKey', '3B 94 18 81 B1 80 7D 1F 03 19 C8 00 50 DC', 'GoldKey Security PIV Token'),
  piv('Feitian (PIVKey)', '3B 8C 80 01 90 67 46 4A 00 64 16 06 F2 72 7E 00 7C', 'PIVKey C910 (PKI)'),
  piv('Feitian (PIVKey)', '3B FC 18 00 00 81 31 80 45 90 67 46 4A 00 64 16 06 F2 72 7E 00 E0', 'PIVKey C910 PKI Smart Card'),
  piv('Feitian Java Card', '3B 9C 95 80 81 1F 03 90 67 46 4A 01 00 54 04 F2 72 FE 00 C0', 'Feitian Technologies Java Card A22CR'),
  none('Feitian ePass2003 (no PIV application)', '3B 9F 95 81 31 FE 9F 00 66 46 53 05 10 04 31 71 DF 00 00 00 00 00 26', 'ePass2003 (PKI)'),
  piv('Identiv (contact reader)', '3B D6 96 00 81 B1 FE 45 1F 87 80 31 C1 52 41 1A 2A', 'Identiv SCR3310 v2.0'),
  piv('Identiv (contactless reader)', '3B 8B 80 01 80 F9 A0 00 00 03 08 00 00 10 00 C8', 'JCOP3 SecID P60 CS mated with a contactless Identiv reader'),
  // Contactless access cards
  uid('MIFARE DESFire EV1 / EV2 / EV3', '3B 81 80 01 80 80', 'RFID - ISO 14443 Type A - NXP DESFire or DESFire EV1 or EV2'),
  uid('MIFARE DESFire EV1', '3B 83 80 01 81 02 80 01', 'Mifare DESFire EV1 2K'),
  uid('MIFARE DESFire EV1', '3B 86 80 01 06 75 77 81 02 80 00', 'NXP Mifare DESFire EV1 8K / MF3ICD81'),
  uid('HID iCLASS', '3B 8F 80 01 80 4F 0C A0 00 00 03 06 0A 00 1C 00 00 00 00 7E', 'RFID - HID iCLASS 16K CL'),
  none('HID iCLASS SE processor', '3B 90 96 91 81 B1 FE 55 1F C7 D4', 'iClass SE Processor'),
  none('HID iCLASS SE processor', '3B DA 96 FF 80 31 FE 45 4D 69 6E 69 4C 6F 61 64 65 72 AB', 'iClass SE Processor (Miniloader Mode)'),
  uid('HID Prox', '3B 06 01 01 00 00 10 73', 'HID Prox 26-bit'),
  uid('HID Prox', '3B 06 01 00 22 01 82 27', 'HID ProxCard II'),
];
