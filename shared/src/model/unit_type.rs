//! The kinds of administrative unit, as the dataset writes them ("Xã", "Thị trấn", "Quận", ...).

/// A unit's type. Old units have all of them; new communes are Xã, Phường or Đặc khu, new provinces
/// Tỉnh or Thành phố.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitType {
    Xa,
    Phuong,
    ThiTran,
    DacKhu,
    Quan,
    Huyen,
    ThiXa,
    /// A provincial city (district level) or a centrally-run city (province level).
    ThanhPho,
    Tinh,
}

impl UnitType {
    pub const ALL: [UnitType; 9] = [
        UnitType::Xa,
        UnitType::Phuong,
        UnitType::ThiTran,
        UnitType::DacKhu,
        UnitType::Quan,
        UnitType::Huyen,
        UnitType::ThiXa,
        UnitType::ThanhPho,
        UnitType::Tinh,
    ];

    /// As the dataset writes it.
    pub fn name(self) -> &'static str {
        match self {
            UnitType::Xa => "Xã",
            UnitType::Phuong => "Phường",
            UnitType::ThiTran => "Thị trấn",
            UnitType::DacKhu => "Đặc khu",
            UnitType::Quan => "Quận",
            UnitType::Huyen => "Huyện",
            UnitType::ThiXa => "Thị xã",
            UnitType::ThanhPho => "Thành phố",
            UnitType::Tinh => "Tỉnh",
        }
    }

    /// The type a dataset name stands for; `None` for anything else.
    pub fn parse(name: &str) -> Option<UnitType> {
        UnitType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// One bit per type, for sets of types ([`UnitTypes`]).
    pub const fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// A set of unit types: what a unit word may stand for ("TP" is Thành phố, "district" is Quận or Huyện).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnitTypes(pub u16);

impl UnitTypes {
    pub const fn of(types: &[UnitType]) -> UnitTypes {
        let mut bits = 0;
        let mut i = 0;
        while i < types.len() {
            bits |= types[i].bit();
            i += 1;
        }
        UnitTypes(bits)
    }

    pub fn contains(self, unit_type: UnitType) -> bool {
        self.0 & unit_type.bit() != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in UnitType::ALL {
            assert_eq!(UnitType::parse(t.name()), Some(t));
        }
        assert_eq!(UnitType::parse("Thị Trấn"), None);
        let set = UnitTypes::of(&[UnitType::Quan, UnitType::Huyen]);
        assert!(set.contains(UnitType::Huyen) && !set.contains(UnitType::ThiXa));
    }
}
