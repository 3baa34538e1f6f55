// A coupled physics written only against the shared core: two species u
// and v that diffuse and turn into each other,
//   du/dt - div(D_u grad u) + k_f u - k_b v = s_u,
//   dv/dt - div(D_v grad v) - k_f u + k_b v = s_v.
// It lives in the tests as the proof that a coupled physics is small.
#include <fluxion/physics/coupled_physics.h>

namespace Fluxion
{
  template <int dim>
  class ReactionDiffusionPair : public CoupledPhysics<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm)
    {
      CoupledPhysics<dim>::declare_system_parameters(prm, {"u", "v"});
      prm.enter_subsection("Reaction diffusion pair");
      for (const char *d : {"D_u", "D_v", "k_f", "k_b"})
        prm.declare_entry(d, "1", Patterns::Double(0), "Coefficient.");
      for (const char *s : {"Source u", "Source v"})
        prm.declare_entry(s, "0", Patterns::Anything(), "Of x, y, z, t.");
      prm.leave_subsection();
    }

    static void
    declare_named_parameters(ParameterHandler &prm, const NamedSections which)
    {
      CoupledPhysics<dim>::declare_named_system_parameters(prm,
                                                           which,
                                                           {"u", "v"});
    }

    void
    initialize(const SimulatorContext<dim> &context,
               ParameterHandler            &prm) override
    {
      CoupledPhysics<dim>::initialize(context, prm);
      prm.enter_subsection("Reaction diffusion pair");
      D   = {prm.get_double("D_u"), prm.get_double("D_v")};
      k_f = prm.get_double("k_f");
      k_b = prm.get_double("k_b");
      sources[0].initialize(prm.get("Source u"),
                            "Reaction diffusion pair/Source u");
      sources[1].initialize(prm.get("Source v"),
                            "Reaction diffusion pair/Source v");
      prm.leave_subsection();
    }

    FieldDescriptions
    fields() const override
    {
      FieldDescription u, v;
      u.name = "u";
      v.name = "v";
      return FieldDescriptions({u, v});
    }

    void
    cell_terms(const FEValues<dim>       &fe,
               const FieldPointData<dim> &u,
               Vector<double>            &r,
               FullMatrix<double>        *J) const override
    {
      // d(reaction of field a)/d(field b): +k_f u - k_b v for u, its
      // negative for v.
      const double dR[2][2] = {{k_f, -k_b}, {-k_f, k_b}};
      for (unsigned int q = 0; q < fe.n_quadrature_points; ++q)
        {
          const double reaction = k_f * u.values[0][q] - k_b * u.values[1][q];
          const double s[2] = {sources[0].value(fe.quadrature_point(q), u.time),
                               sources[1].value(fe.quadrature_point(q),
                                                u.time)};
          for (unsigned int i = 0; i < r.size(); ++i)
            {
              const unsigned int a =
                fe.get_fe().system_to_component_index(i).first;
              const double sign = a == 0 ? 1.0 : -1.0;
              r(i) +=
                (u.rates[a][q] + sign * reaction - s[a]) *
                  fe.shape_value(i, q) * fe.JxW(q) +
                D[a] * u.gradients[a][q] * fe.shape_grad(i, q) * fe.JxW(q);
              if (J)
                for (unsigned int j = 0; j < r.size(); ++j)
                  {
                    const unsigned int b =
                      fe.get_fe().system_to_component_index(j).first;
                    (*J)(i, j) += ((a == b ? u.alpha : 0.0) + dR[a][b]) *
                                    fe.shape_value(i, q) *
                                    fe.shape_value(j, q) * fe.JxW(q) +
                                  (a == b ? D[a] : 0.0) * fe.shape_grad(i, q) *
                                    fe.shape_grad(j, q) * fe.JxW(q);
                  }
            }
        }
    }

  private:
    std::array<double, 2>                D   = {{1, 1}};
    double                               k_f = 1, k_b = 1;
    std::array<ParsedExpression<dim>, 2> sources;
  };

  FLUXION_REGISTER_PHYSICS(ReactionDiffusionPair,
                           "reaction diffusion pair",
                           "Two species that diffuse and react (a test of "
                           "the coupled core).")
} // namespace Fluxion
