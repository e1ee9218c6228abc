package config

import "go.yaml.in/yaml/v3"

var staffKeys = []string{"phone", "name", "timezone"}

func (c *Config) parseStaff(n *yaml.Node) error {
	list, _, err := items(n, "staff", "[{phone: \"+15550000001\", name: Ana}]")
	if err != nil {
		return err
	}
	seen := make(map[string]int, len(list))
	for i, item := range list {
		s, err := c.parseOneStaff(item, index("staff", i))
		if err != nil {
			return err
		}
		if j, dup := seen[s.Phone]; dup {
			return errorf(index("staff", i)+".phone", "%q is listed twice (also staff[%d])", s.Phone, j)
		}
		seen[s.Phone] = i
		c.Staff = append(c.Staff, s)
	}
	return nil
}

func (c *Config) parseOneStaff(n *yaml.Node, path string) (Staff, error) {
	f, err := fields(n, path, staffKeys...)
	if err != nil {
		return Staff{}, err
	}
	var s Staff
	if s.Phone, err = text(f["phone"], path+".phone"); err != nil {
		return Staff{}, err
	}
	switch {
	case s.Phone == "":
		return Staff{}, errorf(path+".phone", "required, in +international form (e.g. +15550000001)")
	case !IsPhone(s.Phone):
		return Staff{}, errorf(path+".phone", "%q is not in +international form (e.g. +15550000001)", s.Phone)
	}
	if s.Name, err = textOr(f["name"], path+".name", "Staff"); err != nil {
		return Staff{}, err
	}
	if s.Timezone, s.Location, err = zone(f["timezone"], path+".timezone", c.Timezone, c.Location); err != nil {
		return Staff{}, err
	}
	written, _ := text(f["timezone"], path+".timezone")
	s.OwnZone = written != ""
	return s, nil
}
